import { roomNameSkeleton } from '@parley/protocol';

/** A room as the skeleton backfill reads it. */
export interface UnkeyedRoom {
  id: number;
  name: string;
}

/**
 * Skeletons for rooms stored before names were unique by look-alikes (oldest first). A room whose
 * skeleton an older one already holds keeps its name and gets the skeleton marked with its id
 * after a zero-width space, which no skeleton can contain (invisibles are dropped from them): the
 * pair stays as it was, and no third look-alike can be created beside them.
 */
export function assignSkeletons(rooms: UnkeyedRoom[], taken: Iterable<string>): { id: number; skeleton: string }[] {
  const held = new Set(taken);
  return [...rooms]
    .sort((a, b) => a.id - b.id)
    .map(({ id, name }) => {
      const skeleton = roomNameSkeleton(name);
      const own = held.has(skeleton) ? `${skeleton}\u200b${id}` : skeleton;
      held.add(own);
      return { id, skeleton: own };
    });
}

/** Who is in the run: users 0..users-1 and the rooms they belong to (by user index). */
export interface Population {
  users: number;
  rooms: PopulationRoom[];
}

export interface PopulationRoom {
  name: string;
  members: number[];
  /** A private chat between two users (Parley kind `direct`). */
  direct?: boolean;
}

export function userPhone(index: number): string {
  return String(20_000_000 + index);
}

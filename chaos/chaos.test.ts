import { describe, expect, it } from 'vitest';
import { formatReport, runChaos } from './run-chaos.js';

describe('the server killed with SIGKILL while clients send', () => {
  it('loses no acknowledged message or change, stores none twice, and leaves every client with the timeline the database holds', async () => {
    const report = await runChaos({ clients: 4, rooms: 2, restarts: 4, sendIntervalMs: 25, minUpMs: 200, maxUpMs: 500 });
    const figures = formatReport(report);
    expect(report.restarts, figures).toBe(4);
    expect(report.acknowledged, figures).toBe(report.sent);
    expect(report.stored, figures).toBe(report.sent);
    expect(
      {
        lost: report.lost,
        duplicated: report.duplicated,
        seqMismatches: report.seqMismatches,
        gaps: report.gaps,
        repeatedSeqs: report.repeatedSeqs,
        missedDeliveries: report.missedDeliveries,
        duplicateDeliveries: report.duplicateDeliveries,
        outOfOrderDeliveries: report.outOfOrderDeliveries,
        changesLost: report.changesLost,
        changesDuplicated: report.changesDuplicated,
        timelineMismatches: report.timelineMismatches,
      },
      figures,
    ).toEqual({ lost: 0, duplicated: 0, seqMismatches: 0, gaps: 0, repeatedSeqs: 0, missedDeliveries: 0, duplicateDeliveries: 0, outOfOrderDeliveries: 0, changesLost: 0, changesDuplicated: 0, timelineMismatches: 0 });
    expect(report.changesAcknowledged, figures).toBeGreaterThan(0);
  }, 120_000);
});

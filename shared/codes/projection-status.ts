/**
 * What Tallyroom says about a round's outcome. Shared by the server (which publishes it) and the pages
 * (which put it in words). The order is roughly "less known" to "more known".
 */
export const ProjectionStatus = {
  /** Nothing (or too little) counted to say anything. */
  TooEarly: 'too-early',
  /** The top candidates are tied, or too close to tell apart. */
  TooClose: 'too-close',
  /** Someone leads, but the uncounted ballots could still change the outcome. */
  Leading: 'leading',
  /** The model's range excludes every other winner (statistical, not arithmetic). */
  Projected: 'projected',
  /** Arithmetic: the leader wins even if every uncounted ballot went to the runner-up. */
  Decided: 'decided',
  /** The model expects nobody to pass the majority threshold. */
  RunoffLikely: 'runoff-likely',
  /** Arithmetic: nobody can reach the majority threshold any more, so a runoff is certain. */
  RunoffDecided: 'runoff-decided',
  /** A decision desk called the race (overrides the model's status, not its numbers). */
  Called: 'called',
  /** A desk call was retracted. */
  Uncalled: 'uncalled',
  /** A final bulletin: the count is complete. */
  Final: 'final',
  /** The result is officially certified. */
  Certified: 'certified',
} as const;

export type ProjectionStatus = (typeof ProjectionStatus)[keyof typeof ProjectionStatus];

/**
 * Administrative facts hold from the instant they are recorded (domain.md,
 * "Time"): a date a command states (an exemption's or observation's start or
 * end) is stored and shown, but the fact takes effect no earlier than the
 * moment it is written, so an index for a past instant never changes because
 * of a back-dated command. A later date (a planned start or end) stands.
 */

/** The instant a stated date takes effect: itself when later than `now`, else `now`. */
export function takesEffectAt(stated: Date, now: Date): Date {
  return stated.getTime() > now.getTime() ? stated : now;
}

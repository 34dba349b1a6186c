import type { HealthCode as RuledCode } from './rules.js';
import { CodeColor, HealthCode, HealthCodeReason } from './health-code.type.js';

export function toHealthCode(code: RuledCode): HealthCode {
  return Object.assign(new HealthCode(), {
    color: code.color as CodeColor,
    reasons: code.reasons.map((reason) => ({ code: reason.code as HealthCodeReason, message: reason.message, since: reason.since })),
    since: code.since,
    turnsYellowAt: code.turnsYellowAt,
  });
}

/**
 * The health-code rules (domain.md "Health code"), as the pure function
 * healthCodeAt. All instants are relative to one `at`, 2026-11-27 08:00 in
 * Asia/Shanghai (00:00 UTC), so "hoursBefore(168)" is 2026-11-20 08:00 there.
 */
import { describe, expect, test } from 'vitest';
import {
  formatShanghai,
  healthCodeAt,
  type HealthFacts,
  type HealthRules,
  type ReasonCode,
} from '../../subgraphs/health/health-code/rules.js';

const AT = new Date('2026-11-27T00:00:00.000Z');
const HOUR = 3600 * 1000;
const DEFAULT: HealthRules = { testIntervalHours: 168 };

const hoursBefore = (hours: number, at = AT) => new Date(at.getTime() - hours * HOUR);
const msBefore = (ms: number, at = AT) => new Date(at.getTime() - ms);

/** A non-exempt resident sampled a day ago with nothing else on record: GREEN. */
function facts(overrides: Partial<HealthFacts> = {}): HealthFacts {
  return {
    exempt: false,
    lastSampledAt: hoursBefore(24),
    positivePools: [],
    individualFinalResults: [],
    activeCaseSince: null,
    closeContactSince: null,
    homeObservationSince: null,
    exposureScans: [],
    ...overrides,
  };
}

const codes = (facts: HealthFacts, at = AT, rules = DEFAULT) => healthCodeAt(facts, at, rules).reasons.map((r) => r.code);

describe('GREEN', () => {
  test('a resident sampled a day ago with nothing else is GREEN since that sample, turning YELLOW 168 h after it', () => {
    expect(healthCodeAt(facts(), AT, DEFAULT)).toEqual({
      color: 'GREEN',
      reasons: [],
      since: hoursBefore(24),
      turnsYellowAt: hoursBefore(24 - 168),
    });
  });

  test('a pending sample counts as a sample (lastSampledAt covers any result)', () => {
    // The caller passes the pending sample's sampled_at; nothing else is needed for GREEN.
    expect(healthCodeAt(facts({ lastSampledAt: hoursBefore(2) }), AT, DEFAULT).color).toBe('GREEN');
  });
});

describe('each reason alone', () => {
  const alone: { title: string; facts: Partial<HealthFacts>; color: 'RED' | 'YELLOW'; code: ReasonCode; since: Date; message: string }[] = [
    {
      title: 'ACTIVE_CASE: RED since the case',
      facts: { activeCaseSince: hoursBefore(48) },
      color: 'RED',
      code: 'ACTIVE_CASE',
      since: hoursBefore(48),
      message: "Active positive case since 2026-11-25 08:00 Asia/Shanghai; follow the case team's isolation and treatment instructions.",
    },
    {
      title: 'POOL_POSITIVE_PENDING_RETEST: RED since the pool result arrived',
      facts: { lastSampledAt: hoursBefore(30), positivePools: [{ sampledAt: hoursBefore(30), resultAt: hoursBefore(20) }] },
      color: 'RED',
      code: 'POOL_POSITIVE_PENDING_RETEST',
      since: hoursBefore(20),
      message:
        'Pooled sample taken 2026-11-26 02:00 Asia/Shanghai tested positive (result 2026-11-26 12:00 Asia/Shanghai); ' +
        'take an individual (single-tube) retest now.',
    },
    {
      title: 'CLOSE_CONTACT: RED since quarantine began',
      facts: { closeContactSince: hoursBefore(72) },
      color: 'RED',
      code: 'CLOSE_CONTACT',
      since: hoursBefore(72),
      message: 'Close contact in quarantine since 2026-11-24 08:00 Asia/Shanghai; stay in quarantine until released.',
    },
    {
      title: 'NO_RECENT_TEST: YELLOW since the window lapsed (last sampling + interval)',
      facts: { lastSampledAt: hoursBefore(200) },
      color: 'YELLOW',
      code: 'NO_RECENT_TEST',
      since: hoursBefore(32),
      message: 'No nucleic-acid sample in the last 168 h (last sampled 2026-11-19 00:00 Asia/Shanghai); take a nucleic-acid test.',
    },
    {
      title: 'HOME_OBSERVATION: YELLOW since the observation began',
      facts: { homeObservationSince: hoursBefore(100) },
      color: 'YELLOW',
      code: 'HOME_OBSERVATION',
      since: hoursBefore(100),
      message: 'Under home health observation since 2026-11-23 04:00 Asia/Shanghai; stay at home until the observation ends.',
    },
    {
      title: 'VENUE_EXPOSURE: YELLOW since the scan',
      facts: { exposureScans: [hoursBefore(10)] },
      color: 'YELLOW',
      code: 'VENUE_EXPOSURE',
      since: hoursBefore(10),
      message:
        'Scanned a venue at 2026-11-26 22:00 Asia/Shanghai within 30 minutes of a person who later tested positive; take a nucleic-acid test.',
    },
  ];
  for (const { title, facts: overrides, color, code: reason, since, message } of alone) {
    test(title, () => {
      const code = healthCodeAt(facts(overrides), AT, DEFAULT);
      expect(code.color).toBe(color);
      expect(code.reasons).toEqual([{ code: reason, since, message }]);
      expect(code.since).toEqual(since);
      expect(code.turnsYellowAt).toBeNull();
    });
  }

  test('NO_RECENT_TEST for a never-sampled, non-exempt resident: YELLOW, since = at (no earlier instant is known)', () => {
    const code = healthCodeAt(facts({ lastSampledAt: null }), AT, DEFAULT);
    expect(code).toEqual({
      color: 'YELLOW',
      reasons: [{ code: 'NO_RECENT_TEST', since: AT, message: 'No nucleic-acid sample on record; take a nucleic-acid test.' }],
      since: AT,
      turnsYellowAt: null,
    });
  });

});

describe('every combination of reasons', () => {
  /**
   * One consistent way to make each reason hold, and its `since`. The pool was sampled
   * before both possible last samplings, and the exposure scan after both, so the
   * reasons do not interfere with each other.
   */
  const MAKERS: Record<ReasonCode, { apply: (f: HealthFacts) => void; sinceHoursBefore: number }> = {
    ACTIVE_CASE: { apply: (f) => void (f.activeCaseSince = hoursBefore(48)), sinceHoursBefore: 48 },
    POOL_POSITIVE_PENDING_RETEST: {
      apply: (f) => void (f.positivePools = [{ sampledAt: hoursBefore(300), resultAt: hoursBefore(280) }]),
      sinceHoursBefore: 280,
    },
    CLOSE_CONTACT: { apply: (f) => void (f.closeContactSince = hoursBefore(72)), sinceHoursBefore: 72 },
    NO_RECENT_TEST: { apply: (f) => void (f.lastSampledAt = hoursBefore(200)), sinceHoursBefore: 200 - 168 },
    HOME_OBSERVATION: { apply: (f) => void (f.homeObservationSince = hoursBefore(100)), sinceHoursBefore: 100 },
    VENUE_EXPOSURE: { apply: (f) => void (f.exposureScans = [hoursBefore(10)]), sinceHoursBefore: 10 },
  };
  // Written out by hand rather than imported, so the test pins the order the API promises.
  const ORDER: ReasonCode[] = ['ACTIVE_CASE', 'POOL_POSITIVE_PENDING_RETEST', 'CLOSE_CONTACT', 'NO_RECENT_TEST', 'HOME_OBSERVATION', 'VENUE_EXPOSURE'];
  const RED: ReasonCode[] = ['ACTIVE_CASE', 'POOL_POSITIVE_PENDING_RETEST', 'CLOSE_CONTACT'];

  const subsets = Array.from({ length: 2 ** ORDER.length - 1 }, (_, i) => ORDER.filter((_, bit) => ((i + 1) >> bit) & 1));

  test.each(subsets.map((subset) => ({ subset, label: subset.join(' + ') })))('$label', ({ subset }) => {
    const f = facts();
    for (const code of subset) MAKERS[code].apply(f);
    const result = healthCodeAt(f, AT, DEFAULT);

    const color = subset.some((c) => RED.includes(c)) ? 'RED' : 'YELLOW';
    expect(result.color).toBe(color);
    // Every holding reason is listed, YELLOW ones too when RED, in ReasonCode order.
    expect(result.reasons.map((r) => r.code)).toEqual(subset);
    for (const reason of result.reasons) expect(reason.since).toEqual(hoursBefore(MAKERS[reason.code].sinceHoursBefore));
    // The code's since: the latest since among the reasons of the shown colour only.
    const shown = subset.filter((c) => RED.includes(c) === (color === 'RED'));
    expect(result.since).toEqual(hoursBefore(Math.min(...shown.map((c) => MAKERS[c].sinceHoursBefore))));
    expect(result.turnsYellowAt).toBeNull();
  });

  test('there are 63 combinations', () => expect(subsets).toHaveLength(63));
});

describe('NO_RECENT_TEST boundaries and interval', () => {
  test('a sample exactly 168 h before is outside the window (at − 168 h, at]: YELLOW since at', () => {
    const code = healthCodeAt(facts({ lastSampledAt: hoursBefore(168) }), AT, DEFAULT);
    expect(code.color).toBe('YELLOW');
    expect(code.reasons).toEqual([
      {
        code: 'NO_RECENT_TEST',
        since: AT,
        message: 'No nucleic-acid sample in the last 168 h (last sampled 2026-11-20 08:00 Asia/Shanghai); take a nucleic-acid test.',
      },
    ]);
  });

  test('a sample 168 h − 1 ms before is inside: GREEN, turning YELLOW 1 ms after at', () => {
    const code = healthCodeAt(facts({ lastSampledAt: msBefore(168 * HOUR - 1) }), AT, DEFAULT);
    expect(code).toEqual({ color: 'GREEN', reasons: [], since: msBefore(168 * HOUR - 1), turnsYellowAt: msBefore(-1) });
  });

  test('turnsYellowAt is the first YELLOW instant: GREEN 1 ms before it, YELLOW at it', () => {
    const f = facts({ lastSampledAt: hoursBefore(100) });
    const turns = healthCodeAt(f, AT, DEFAULT).turnsYellowAt!;
    expect(turns).toEqual(hoursBefore(100 - 168));
    expect(healthCodeAt(f, msBefore(1, turns), DEFAULT).color).toBe('GREEN');
    expect(healthCodeAt(f, turns, DEFAULT).color).toBe('YELLOW');
    expect(healthCodeAt(f, turns, DEFAULT).since).toEqual(turns);
  });

  test('a sample taken exactly at `at` is within the window', () => {
    expect(healthCodeAt(facts({ lastSampledAt: AT }), AT, DEFAULT)).toMatchObject({ color: 'GREEN', turnsYellowAt: hoursBefore(-168) });
  });

  test('custom interval 72 h: exactly 72 h → YELLOW with the interval in the message; 71 h → GREEN', () => {
    const rules = { testIntervalHours: 72 };
    const yellow = healthCodeAt(facts({ lastSampledAt: hoursBefore(72) }), AT, rules);
    expect(yellow.color).toBe('YELLOW');
    expect(yellow.reasons[0]).toMatchObject({ code: 'NO_RECENT_TEST', since: AT });
    expect(yellow.reasons[0]!.message).toContain('in the last 72 h');
    expect(healthCodeAt(facts({ lastSampledAt: hoursBefore(71) }), AT, rules)).toEqual({
      color: 'GREEN',
      reasons: [],
      since: hoursBefore(71),
      turnsYellowAt: hoursBefore(-1),
    });
    // The same sample is fine under the default interval.
    expect(healthCodeAt(facts({ lastSampledAt: hoursBefore(72) }), AT, DEFAULT).color).toBe('GREEN');
  });

  test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('an interval of %s hours is rejected', (hours) => {
    expect(() => healthCodeAt(facts(), AT, { testIntervalHours: hours })).toThrow(RangeError);
  });
});

describe('exempt residents', () => {
  test('never sampled: GREEN, since null, turnsYellowAt null', () => {
    expect(healthCodeAt(facts({ exempt: true, lastSampledAt: null }), AT, DEFAULT)).toEqual({
      color: 'GREEN',
      reasons: [],
      since: null,
      turnsYellowAt: null,
    });
  });

  test('sampled long ago: still GREEN since that sample, never NO_RECENT_TEST, turnsYellowAt null', () => {
    expect(healthCodeAt(facts({ exempt: true, lastSampledAt: hoursBefore(1000) }), AT, DEFAULT)).toEqual({
      color: 'GREEN',
      reasons: [],
      since: hoursBefore(1000),
      turnsYellowAt: null,
    });
  });

  test('a positive pool still makes an exempt resident RED', () => {
    const f = facts({ exempt: true, lastSampledAt: hoursBefore(30), positivePools: [{ sampledAt: hoursBefore(30), resultAt: hoursBefore(20) }] });
    expect(healthCodeAt(f, AT, DEFAULT)).toMatchObject({ color: 'RED', since: hoursBefore(20) });
    expect(codes(f)).toEqual(['POOL_POSITIVE_PENDING_RETEST']);
  });

  test('exemption covers routine testing only: home observation and venue exposure still make YELLOW', () => {
    expect(codes(facts({ exempt: true, lastSampledAt: null, homeObservationSince: hoursBefore(5) }))).toEqual(['HOME_OBSERVATION']);
    expect(codes(facts({ exempt: true, lastSampledAt: null, exposureScans: [hoursBefore(5)] }))).toEqual(['VENUE_EXPOSURE']);
  });
});

describe('pool-positive pending retest', () => {
  const pool = { sampledAt: hoursBefore(50), resultAt: hoursBefore(40) };

  test('an individual sample taken after the pool with a final result clears it', () => {
    const f = facts({ lastSampledAt: hoursBefore(30), positivePools: [pool], individualFinalResults: [{ sampledAt: hoursBefore(30), resultAt: hoursBefore(25) }] });
    expect(healthCodeAt(f, AT, DEFAULT)).toMatchObject({ color: 'GREEN', reasons: [] });
  });

  test('a positive individual retest clears the pool reason (an active case, if any, is a separate fact)', () => {
    const f = facts({ lastSampledAt: hoursBefore(30), positivePools: [pool], individualFinalResults: [{ sampledAt: hoursBefore(30), resultAt: hoursBefore(25) }] });
    expect(codes(f)).toEqual([]);
    expect(codes({ ...f, activeCaseSince: hoursBefore(20) })).toEqual(['ACTIVE_CASE']);
  });

  test('a retest taken after the pool sampling but before the pool result arrived still clears it', () => {
    const f = facts({ lastSampledAt: hoursBefore(45), positivePools: [pool], individualFinalResults: [{ sampledAt: hoursBefore(45), resultAt: hoursBefore(35) }] });
    expect(healthCodeAt(f, AT, DEFAULT).color).toBe('GREEN');
  });

  test('an individual sample taken after the pool whose result is still pending does not clear it', () => {
    // The pending retest is the latest sample, but it is not in individualFinalResults.
    const f = facts({ lastSampledAt: hoursBefore(30), positivePools: [pool], individualFinalResults: [] });
    expect(healthCodeAt(f, AT, DEFAULT)).toMatchObject({ color: 'RED', since: hoursBefore(40) });
  });

  test('an individual result not yet delivered at `at` (result-at after at) does not clear it', () => {
    const f = facts({ lastSampledAt: hoursBefore(30), positivePools: [pool], individualFinalResults: [{ sampledAt: hoursBefore(30), resultAt: hoursBefore(-1) }] });
    expect(healthCodeAt(f, AT, DEFAULT).color).toBe('RED');
  });

  test('an individual sample taken before the pool does not clear it', () => {
    const f = facts({ lastSampledAt: hoursBefore(50), positivePools: [pool], individualFinalResults: [{ sampledAt: hoursBefore(60), resultAt: hoursBefore(55) }] });
    expect(codes(f)).toEqual(['POOL_POSITIVE_PENDING_RETEST']);
  });

  test('an individual sample taken at the very instant of the pool does not clear it (strictly after)', () => {
    const f = facts({ lastSampledAt: hoursBefore(50), positivePools: [pool], individualFinalResults: [{ sampledAt: hoursBefore(50), resultAt: hoursBefore(45) }] });
    expect(codes(f)).toEqual(['POOL_POSITIVE_PENDING_RETEST']);
  });

  test('a pool whose positive result comes after `at` is ignored', () => {
    const f = facts({ positivePools: [{ sampledAt: hoursBefore(24), resultAt: hoursBefore(-2) }] });
    expect(healthCodeAt(f, AT, DEFAULT).color).toBe('GREEN');
  });

  test('two pools, only the first retested: RED since the second pool result', () => {
    const first = { sampledAt: hoursBefore(100), resultAt: hoursBefore(90) };
    const second = { sampledAt: hoursBefore(50), resultAt: hoursBefore(40) };
    const retestBetween = { sampledAt: hoursBefore(80), resultAt: hoursBefore(70) };
    const code = healthCodeAt(facts({ lastSampledAt: hoursBefore(50), positivePools: [first, second], individualFinalResults: [retestBetween] }), AT, DEFAULT);
    expect(code.color).toBe('RED');
    expect(code.reasons).toHaveLength(1);
    expect(code.reasons[0]).toMatchObject({ code: 'POOL_POSITIVE_PENDING_RETEST', since: hoursBefore(40) });
    expect(code.reasons[0]!.message).toContain('Pooled sample taken 2026-11-25 06:00 Asia/Shanghai');
  });

  test('two pools both pending: since the earlier result, message counts both; one later retest clears both', () => {
    const later = { sampledAt: hoursBefore(50), resultAt: hoursBefore(40) };
    const earlier = { sampledAt: hoursBefore(100), resultAt: hoursBefore(90) };
    const f = facts({ lastSampledAt: hoursBefore(50), positivePools: [later, earlier] });
    const code = healthCodeAt(f, AT, DEFAULT);
    expect(code).toMatchObject({ color: 'RED', since: hoursBefore(90) });
    expect(code.reasons[0]!.message).toContain('(2 positive pools await a retest)');
    expect(code.reasons[0]!.message).toContain('Pooled sample taken 2026-11-23 04:00 Asia/Shanghai');
    const retested = { ...f, lastSampledAt: hoursBefore(10), individualFinalResults: [{ sampledAt: hoursBefore(10), resultAt: hoursBefore(5) }] };
    expect(healthCodeAt(retested, AT, DEFAULT).color).toBe('GREEN');
  });
});

describe('venue exposure', () => {
  // A 240 h interval keeps a 200 h old sample "recent", showing the 7-day exposure window does not follow the interval.
  const LONG: HealthRules = { testIntervalHours: 240 };
  const old = { lastSampledAt: hoursBefore(200) };

  test('a scan exactly 7 days before is outside the window (at − 168 h, at]', () => {
    expect(healthCodeAt(facts({ ...old, exposureScans: [hoursBefore(168)] }), AT, LONG)).toMatchObject({ color: 'GREEN', reasons: [] });
  });

  test('a scan 1 ms inside the 7 days counts', () => {
    const scan = msBefore(168 * HOUR - 1);
    expect(healthCodeAt(facts({ ...old, exposureScans: [scan] }), AT, LONG)).toMatchObject({
      color: 'YELLOW',
      reasons: [{ code: 'VENUE_EXPOSURE', since: scan }],
      since: scan,
    });
  });

  test('a sample taken after the exposure clears it', () => {
    expect(healthCodeAt(facts({ lastSampledAt: hoursBefore(5), exposureScans: [hoursBefore(10)] }), AT, DEFAULT)).toMatchObject({
      color: 'GREEN',
      reasons: [],
    });
  });

  test('a sample taken at the very instant of the scan does not clear it (not after it)', () => {
    expect(codes(facts({ lastSampledAt: hoursBefore(10), exposureScans: [hoursBefore(10)] }))).toEqual(['VENUE_EXPOSURE']);
  });

  test('a scan after `at` is ignored; a scan exactly at `at` counts', () => {
    expect(healthCodeAt(facts({ exposureScans: [msBefore(-1)] }), AT, DEFAULT).color).toBe('GREEN');
    expect(codes(facts({ exposureScans: [AT] }))).toEqual(['VENUE_EXPOSURE']);
  });

  test('several scans: since the latest qualifying one; scans before the last sample do not count', () => {
    const code = healthCodeAt(facts({ lastSampledAt: hoursBefore(30), exposureScans: [hoursBefore(10), hoursBefore(100), hoursBefore(50)] }), AT, DEFAULT);
    expect(code.reasons).toEqual([expect.objectContaining({ code: 'VENUE_EXPOSURE', since: hoursBefore(10) })]);
    expect(code.reasons[0]!.message).not.toContain('exposures in the last 7 days');

    const two = healthCodeAt(facts({ ...old, exposureScans: [hoursBefore(100), hoursBefore(50), hoursBefore(500)] }), AT, LONG);
    expect(two.reasons).toEqual([expect.objectContaining({ code: 'VENUE_EXPOSURE', since: hoursBefore(50) })]);
    expect(two.reasons[0]!.message).toContain('(2 exposures in the last 7 days)');
  });
});

describe('since of the code', () => {
  test('RED: the latest since among the RED reasons, ignoring the YELLOW ones listed with them', () => {
    const code = healthCodeAt(
      facts({ activeCaseSince: hoursBefore(48), closeContactSince: hoursBefore(72), exposureScans: [hoursBefore(1)] }),
      AT,
      DEFAULT,
    );
    expect(code.reasons.map((r) => r.code)).toEqual(['ACTIVE_CASE', 'CLOSE_CONTACT', 'VENUE_EXPOSURE']);
    expect(code.since).toEqual(hoursBefore(48));
  });

  test('YELLOW for a never-sampled resident under observation: since = at (the NO_RECENT_TEST since)', () => {
    const code = healthCodeAt(facts({ lastSampledAt: null, homeObservationSince: hoursBefore(30) }), AT, DEFAULT);
    expect(code.reasons.map((r) => r.code)).toEqual(['NO_RECENT_TEST', 'HOME_OBSERVATION']);
    expect(code.since).toEqual(AT);
  });
});

describe('purity', () => {
  function deepFreeze<T>(value: T): T {
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      for (const v of Object.values(value)) deepFreeze(v);
      Object.freeze(value);
    }
    return value;
  }

  const busy = () =>
    facts({
      lastSampledAt: hoursBefore(200),
      positivePools: [{ sampledAt: hoursBefore(300), resultAt: hoursBefore(280) }, { sampledAt: hoursBefore(250), resultAt: hoursBefore(240) }],
      individualFinalResults: [{ sampledAt: hoursBefore(260), resultAt: hoursBefore(255) }],
      activeCaseSince: hoursBefore(48),
      closeContactSince: hoursBefore(72),
      homeObservationSince: hoursBefore(100),
      exposureScans: [hoursBefore(10), hoursBefore(150), hoursBefore(-5)],
    });

  test('inputs are not mutated and the result is deterministic', () => {
    const input = deepFreeze(busy());
    const at = new Date(AT);
    const rules = deepFreeze({ ...DEFAULT });
    const first = healthCodeAt(input, at, rules);
    expect(input).toEqual(busy());
    expect(at).toEqual(AT);
    expect(healthCodeAt(input, at, rules)).toEqual(first);
  });

  test('returned dates are copies: changing them leaves the facts alone', () => {
    const input = busy();
    const code = healthCodeAt(input, AT, DEFAULT);
    for (const reason of code.reasons) reason.since.setTime(0);
    code.since?.setTime(0);
    expect(input).toEqual(busy());
    const green = facts();
    healthCodeAt(green, AT, DEFAULT).since?.setTime(0);
    expect(green.lastSampledAt).toEqual(hoursBefore(24));
  });
});

describe('formatShanghai', () => {
  test('shows UTC+8 wall-clock time to the minute, crossing the date line of the calendar', () => {
    expect(formatShanghai(new Date('2026-12-31T16:30:59.999Z'))).toBe('2027-01-01 00:30 Asia/Shanghai');
    expect(formatShanghai(new Date('2026-11-20T00:00:00.000Z'))).toBe('2026-11-20 08:00 Asia/Shanghai');
  });
});

import { Activity } from '../../src/common/activity';
import { ActivityTally } from '../../src/common/activity-tally';
import { FakeClock } from '../support/fake-clock';

/** The tally reads the clock once per minute: a timer at the minute's end moves counting on. */
describe('ActivityTally', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('counts into the minute under way, and into the next once that minute has ended', () => {
    const clock = new FakeClock(new Date('2026-03-01T12:00:30Z'));
    const activity = new Activity();
    const tally = new ActivityTally(activity, clock);

    activity.record('private');
    activity.record('login-ok');
    clock.set(new Date('2026-03-01T12:01:00.500Z'));
    jest.advanceTimersByTime(30_500);
    activity.record('broadcast');
    activity.record('lockout');

    const minutes = tally.lastHour().slice(-2);
    expect(minutes).toEqual([
      { minute: new Date('2026-03-01T12:00:00Z'), logins: 1, messages: 1 },
      { minute: new Date('2026-03-01T12:01:00Z'), logins: 0, messages: 1 },
    ]);
    expect(tally.total('private') + tally.total('broadcast')).toBe(2);
  });
});

import { FixedClock } from '../../core/usecases/testing';
import { beijingInstant } from '../../core/time';
import { makeTestRuntime } from '../store/sqlite/testing';
import { SqliteReminderStore } from '../store/sqlite/reminders';
import { listOutbox, OutboxMessenger } from '../outbox';
import { seedDemoReminders, DEMO_CREDITS } from './demoReminders';
import { startScheduler } from '.';

describe('the reminder scheduler', () => {
  it('runs a pass at start and on each tick, on the runtime clock, into the outbox, without doubling', async () => {
    const w = await makeTestRuntime({ now: beijingInstant('2026-03-10', 9) });
    await w.importSmallPlan();
    const furong = await w.addUser('district-furong', 'contact', '刘联络');
    expect(await seedDemoReminders(w.store, w.clock.now())).toBe(1);
    expect(await w.rt.reminders.creditsOf(furong.id)).toMatchObject({ 'DEMO-TMPL-DUE': DEMO_CREDITS });
    const outbox = new OutboxMessenger(w.store.db, () => w.clock.now());
    const passes: number[] = [];
    const scheduler = startScheduler(
      { ...w.rt, messenger: outbox },
      { everyMs: 3_600_000, onPass: (r) => passes.push(r.sent) },
    );
    // the pass at start and two ticks asked for at once run one after another
    await Promise.all([scheduler.tick(), scheduler.tick()]);
    expect(passes).toEqual([2, 0, 0]);
    const sent = listOutbox(w.store.db);
    expect(sent.map((m) => m.kind).sort()).toEqual(['due', 'overdue']);
    expect(sent.every((m) => m.touser === furong.principal)).toBe(true);
    // the night: nothing; the next morning's pass sends the next mark when one is reached
    (w.clock as FixedClock).set(beijingInstant('2026-03-10', 22));
    await scheduler.tick();
    expect(listOutbox(w.store.db)).toHaveLength(2);
    await scheduler.stop();
    expect(await scheduler.tick()).toBeNull();
    w.close();
  });

  it('runs on the reminder store every runtime has (a runtime without one does not compile)', async () => {
    const w = await makeTestRuntime();
    expect(w.rt.reminders).toBeInstanceOf(SqliteReminderStore);
    const { reminders: _, ...bare } = w.rt;
    // @ts-expect-error a runtime without a reminder store does not compile
    const refused = () => startScheduler(bare);
    void refused;
    w.close();
  });
});

import { Text, View } from '@tarojs/components';
import type { CycleRule } from '../../../core/model';
import { zh } from '../../i18n/zh-CN';
import { todayBeijing } from '../../lib/dates';
import { toast } from '../../lib/feedback';
import { Field, TextField } from '../Field';
import './index.scss';

type Every = CycleRule['every'];
const EVERY: Every[] = ['week', 'month', 'quarter'];
const EVERY_WORD: Record<Every, string> = {
  week: zh.cycle.everyWeek,
  month: zh.cycle.everyMonth,
  quarter: zh.cycle.everyQuarter,
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What the cycle form holds, as typed. */
export interface CycleRuleDraft {
  every: Every;
  weekday: string;
  day: string;
  start: string;
  end: string;
}

/** A fresh form (每月28日前 from today), or one holding a cycle to change. */
export function cycleDraft(c?: { rule: CycleRule; start: string; end: string | null } | null): CycleRuleDraft {
  if (!c) return { every: 'month', weekday: '5', day: '28', start: todayBeijing(), end: '' };
  return {
    every: c.rule.every,
    weekday: c.rule.every === 'week' ? String(c.rule.weekday) : '5',
    day: c.rule.every === 'week' ? '28' : String(c.rule.day),
    start: c.start,
    end: c.end ?? '',
  };
}

/** The rule, start and end the form says, or null (after telling the user what to fix). */
export function readCycleDraft(d: CycleRuleDraft): { rule: CycleRule; start: string; end: string | null } | null {
  const n = Number(d.day);
  if (d.every !== 'week' && !(Number.isInteger(n) && n >= 1 && n <= 31)) {
    toast(zh.settings.badNumber(zh.cycle.day));
    return null;
  }
  if (!DATE.test(d.start.trim())) {
    toast(zh.settings.badNumber(zh.cycle.start));
    return null;
  }
  if (d.end.trim() && !DATE.test(d.end.trim())) {
    toast(zh.settings.badNumber(zh.cycle.end));
    return null;
  }
  const rule: CycleRule =
    d.every === 'week' ? { every: 'week', weekday: Number(d.weekday) } : { every: d.every, day: n };
  return { rule, start: d.start.trim(), end: d.end.trim() || null };
}

/** One choice of a few, as chips (a radio group). */
export function Chips<T extends string>(props: {
  label: string;
  options: { value: T; word: string }[];
  value: T;
  onChange(v: T): void;
}) {
  return (
    <Field label={props.label}>
      <View className="cycles__chips" role="radiogroup" aria-label={props.label}>
        {props.options.map((o) => (
          <View
            key={o.value}
            className={`cycles__chip${o.value === props.value ? ' cycles__chip--on' : ''}`}
            role="radio"
            aria-checked={o.value === props.value}
            onClick={() => props.onChange(o.value)}
          >
            <Text>{o.word}</Text>
          </View>
        ))}
      </View>
    </Field>
  );
}

/** The fields of a reporting cycle: 每周X / 每月N日前 / 每季度末月N日前, its start and its end. */
export function CycleRuleFields({ value, onChange }: { value: CycleRuleDraft; onChange(d: CycleRuleDraft): void }) {
  const set = (patch: Partial<CycleRuleDraft>) => onChange({ ...value, ...patch });
  return (
    <View>
      <Chips<Every>
        label={zh.cycle.every}
        options={EVERY.map((e) => ({ value: e, word: EVERY_WORD[e] }))}
        value={value.every}
        onChange={(every) => set({ every })}
      />
      {value.every === 'week' ? (
        <Chips
          label={zh.cycle.weekday}
          options={zh.cycle.weekdays.map((w, i) => ({ value: String(i + 1), word: w }))}
          value={value.weekday}
          onChange={(weekday) => set({ weekday })}
        />
      ) : (
        <TextField label={zh.cycle.day} type="number" value={value.day} onInput={(e) => set({ day: e.detail.value })} />
      )}
      <TextField label={zh.cycle.start} value={value.start} onInput={(e) => set({ start: e.detail.value })} />
      <TextField
        label={zh.cycle.end}
        value={value.end}
        placeholder="YYYY-MM-DD"
        onInput={(e) => set({ end: e.detail.value })}
      />
    </View>
  );
}

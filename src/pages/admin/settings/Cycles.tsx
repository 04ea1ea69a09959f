import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useEffect, useState } from 'react';
import type { CycleRule } from '../../../../core/model';
import { api } from '../../../api';
import { zh } from '../../../i18n/zh-CN';
import { toast } from '../../../lib/feedback';
import { useAction } from '../../../lib/useAction';
import { useAsync } from '../../../lib/useAsync';
import './Cycles.scss';

type Every = CycleRule['every'];
const EVERY: Every[] = ['week', 'month', 'quarter'];
const EVERY_WORD: Record<Every, string> = {
  week: zh.cycle.everyWeek,
  month: zh.cycle.everyMonth,
  quarter: zh.cycle.everyQuarter,
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today on the Beijing calendar, `YYYY-MM-DD`. */
function today(): string {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function Chips<T extends string>(props: {
  label: string;
  options: { value: T; word: string }[];
  value: T;
  onChange(v: T): void;
}) {
  return (
    <View className="field">
      <Text className="field__label">{props.label}</Text>
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
    </View>
  );
}

/** 定期报送周期: the cycles set on plans and stages, and a form to set one (setCycle / removeCycle). */
export function Cycles() {
  const state = useAsync(() => api.listCycles(), [], { refreshOnShow: false });
  const { busy, run } = useAction(state.reload);
  const [planId, setPlanId] = useState('');
  const [scope, setScope] = useState('');
  const [every, setEvery] = useState<Every>('month');
  const [weekday, setWeekday] = useState('5');
  const [day, setDay] = useState('28');
  const [start, setStart] = useState(today());
  const [end, setEnd] = useState('');
  const data = state.data;

  useEffect(() => {
    if (data && !planId && data.plans.length) setPlanId(data.plans[0].id);
  }, [data, planId]);

  if (!data) return null;
  const plan = data.plans.find((p) => p.id === planId) ?? null;

  function save() {
    if (!plan) return;
    const n = Number(day);
    if (every !== 'week' && !(Number.isInteger(n) && n >= 1 && n <= 31))
      return toast(zh.settings.badNumber(zh.cycle.day));
    if (!DATE.test(start.trim())) return toast(zh.settings.badNumber(zh.cycle.start));
    if (end.trim() && !DATE.test(end.trim())) return toast(zh.settings.badNumber(zh.cycle.end));
    const rule: CycleRule = every === 'week' ? { every, weekday: Number(weekday) } : { every, day: n };
    void run(
      () =>
        api.setCycle({
          planId: plan.id,
          stage: scope || null,
          rule,
          start: start.trim(),
          end: end.trim() || null,
        }),
      zh.cycle.saved,
    );
  }

  return (
    <View className="card cycles">
      <Text className="cycles__title">{zh.cycle.settingsTitle}</Text>
      <Text className="field__hint">{zh.cycle.settingsIntro}</Text>
      {data.cycles.length === 0 ? <Text className="muted cycles__none">{zh.cycle.none}</Text> : null}
      {data.cycles.map((c) => {
        const what = `${c.planTitle} · ${c.taskLabel ?? (c.stage ? zh.cycle.scopeStage(c.stage) : zh.cycle.scopePlan)}`;
        return (
          <View key={c.id} className="cycles__row">
            <View className="cycles__row-text">
              <Text className="cycles__row-rule">{c.ruleText}</Text>
              <Text className="cycles__row-what">{what}</Text>
              <Text className="cycles__row-what">{zh.cycle.range(c.start, c.end)}</Text>
            </View>
            <View
              className="cycles__remove"
              role="button"
              aria-label={zh.cycle.removeAria(`${c.ruleText} ${what}`)}
              onClick={() => void run(() => api.removeCycle({ cycleId: c.id }), zh.cycle.removed)}
            >
              <Text>{zh.cycle.remove}</Text>
            </View>
          </View>
        );
      })}
      {data.plans.length > 1 ? (
        <Chips
          label={zh.cycle.plan}
          options={data.plans.map((p) => ({ value: p.id, word: p.title }))}
          value={planId}
          onChange={(v) => {
            setPlanId(v);
            setScope('');
          }}
        />
      ) : null}
      {plan ? (
        <Chips
          label={zh.cycle.scope}
          options={[{ value: '', word: zh.cycle.scopePlan }, ...plan.stages.map((s) => ({ value: s, word: s }))]}
          value={scope}
          onChange={setScope}
        />
      ) : null}
      <Chips<Every>
        label={zh.cycle.every}
        options={EVERY.map((e) => ({ value: e, word: EVERY_WORD[e] }))}
        value={every}
        onChange={setEvery}
      />
      {every === 'week' ? (
        <Chips
          label={zh.cycle.weekday}
          options={zh.cycle.weekdays.map((w, i) => ({ value: String(i + 1), word: w }))}
          value={weekday}
          onChange={setWeekday}
        />
      ) : (
        <View className="field">
          <Text className="field__label">{zh.cycle.day}</Text>
          <Input
            className="input"
            type="number"
            value={day}
            aria-label={zh.cycle.day}
            onInput={(e) => setDay(e.detail.value)}
          />
        </View>
      )}
      <View className="field">
        <Text className="field__label">{zh.cycle.start}</Text>
        <Input className="input" value={start} aria-label={zh.cycle.start} onInput={(e) => setStart(e.detail.value)} />
      </View>
      <View className="field">
        <Text className="field__label">{zh.cycle.end}</Text>
        <Input
          className="input"
          value={end}
          placeholder="YYYY-MM-DD"
          aria-label={zh.cycle.end}
          onInput={(e) => setEnd(e.detail.value)}
        />
      </View>
      <Button type="primary" size="large" block loading={busy} disabled={!plan} onClick={save}>
        {zh.cycle.save}
      </Button>
    </View>
  );
}

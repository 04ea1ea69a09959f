import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useEffect, useState } from 'react';
import type { CycleView } from '../../../../core/api/contract';
import { api } from '../../../api';
import { Chips, CycleRuleFields, cycleDraft, readCycleDraft } from '../../../components/CycleRuleFields';
import { zh } from '../../../i18n/zh-CN';
import { useAction } from '../../../lib/useAction';
import { useAsync } from '../../../lib/useAsync';
import './Cycles.scss';

/**
 * 定期报送周期: the cycles set on plans and stages, then those set on single tasks (each opens its task, where its
 * lead unit may change it too), and a form to set one on a plan or a stage (setCycle / removeCycle).
 */
export function Cycles() {
  const state = useAsync(() => api.listCycles(), [], { refreshOnShow: false });
  const { busy, run } = useAction(state.reload);
  const [planId, setPlanId] = useState('');
  const [scope, setScope] = useState('');
  const [draft, setDraft] = useState(cycleDraft());
  const data = state.data;

  useEffect(() => {
    if (data && !planId && data.plans.length) setPlanId(data.plans[0].id);
  }, [data, planId]);

  if (!data) return null;
  const plan = data.plans.find((p) => p.id === planId) ?? null;

  function save() {
    if (!plan) return;
    const read = readCycleDraft(draft);
    if (!read) return;
    void run(() => api.setCycle({ planId: plan.id, stage: scope || null, ...read }), zh.cycle.saved);
  }

  const row = (c: CycleView, what: string, open?: () => void) => (
    <View key={c.id} className="cycles__row">
      <View className="cycles__row-text" {...(open ? { role: 'link', onClick: open } : {})}>
        <Text className="cycles__row-rule">{c.ruleText}</Text>
        <Text className={`cycles__row-what${open ? ' cycles__row-what--link' : ''}`}>{what}</Text>
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
  const wide = data.cycles.filter((c) => !c.taskId);
  const ofTasks = data.cycles.filter((c) => c.taskId);

  return (
    <View className="card cycles">
      <Text className="cycles__title">{zh.cycle.settingsTitle}</Text>
      <Text className="field__hint">{zh.cycle.settingsIntro}</Text>
      {data.cycles.length === 0 ? <Text className="muted cycles__none">{zh.cycle.none}</Text> : null}
      {wide.map((c) => row(c, `${c.planTitle} · ${c.stage ? zh.cycle.scopeStage(c.stage) : zh.cycle.scopePlan}`))}
      {ofTasks.length ? <Text className="cycles__subtitle">{zh.cycle.taskCycles(ofTasks.length)}</Text> : null}
      {ofTasks.map((c) =>
        row(
          c,
          `${c.planTitle} · ${c.taskLabel ?? ''}`,
          () => void Taro.navigateTo({ url: `/pages/task/index?id=${encodeURIComponent(c.taskId ?? '')}` }),
        ),
      )}
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
      <CycleRuleFields value={draft} onChange={setDraft} />
      <Button type="primary" size="large" block loading={busy} disabled={!plan} onClick={save}>
        {zh.cycle.save}
      </Button>
    </View>
  );
}

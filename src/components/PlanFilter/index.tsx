/**
 * Which plan (imported table) a list, the dashboard or the circular shows, when there are several: 全部清单 or one,
 * chosen in a picker (one line, however many plans). Shows nothing while there is only one plan.
 */
import { Picker, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { PlanView } from '../../../core/api/contract';
import { api } from '../../api';
import { zh } from '../../i18n/zh-CN';
import { chineseDateTime } from '../../lib/dates';
import './index.scss';

export function PlanFilter(props: { value: string | null; onChange: (planId: string | null) => void }) {
  const [plans, setPlans] = useState<PlanView[]>([]);
  useEffect(() => {
    api
      .listPlans({})
      .then(setPlans)
      .catch(() => setPlans([]));
  }, []);
  if (plans.length < 2) return null;
  // two tables of the same title are told apart by when they came in
  const titled = (p: PlanView) =>
    plans.filter((q) => q.title === p.title).length > 1
      ? zh.planFilter.withDate(p.title, chineseDateTime(p.importedAt))
      : p.title;
  const options: { id: string | null; title: string }[] = [
    { id: null, title: zh.planFilter.all },
    ...plans.map((p) => ({ id: p.id, title: titled(p) })),
  ];
  const index = Math.max(
    0,
    options.findIndex((o) => o.id === props.value),
  );
  const current = options[index].title;
  return (
    <Picker
      mode="selector"
      range={options.map((o) => o.title)}
      value={index}
      onChange={(e) => props.onChange(options[Number(e.detail.value)]?.id ?? null)}
    >
      <View className="plan-filter" role="button" aria-label={`${zh.planFilter.label}：${current}`}>
        <Text className="plan-filter__label">{zh.planFilter.label}</Text>
        <Text className="plan-filter__value">{current}</Text>
        <Text className="plan-filter__chevron" />
      </View>
    </Picker>
  );
}

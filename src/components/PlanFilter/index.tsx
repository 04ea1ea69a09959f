/**
 * Which plan (imported table) a list, the dashboard or the circular shows, when there are several: 全部清单 or one.
 * Shows nothing while there is only one plan.
 */
import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { PlanView } from '../../../core/api/contract';
import { api } from '../../api';
import { zh } from '../../i18n/zh-CN';
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
  const options: { id: string | null; title: string }[] = [{ id: null, title: zh.planFilter.all }, ...plans];
  return (
    <View className="plan-filter" role="radiogroup" aria-label={zh.planFilter.label}>
      {options.map((o) => {
        const on = props.value === o.id;
        return (
          <View
            key={o.id ?? 'all'}
            className={`plan-filter__chip${on ? ' plan-filter__chip--on' : ''}`}
            role="radio"
            aria-checked={on}
            onClick={() => !on && props.onChange(o.id)}
          >
            <Text className="plan-filter__text">{o.title}</Text>
          </View>
        );
      })}
    </View>
  );
}

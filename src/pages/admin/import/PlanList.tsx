/**
 * The plans imported so far, with undo (withdrawImport: only while nobody has acted on it) and archive.
 */
import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { PlanView } from '../../../../core/api/contract';
import { api } from '../../../api';
import { zh } from '../../../i18n/zh-CN';
import { confirmDialog, toast, toastError } from '../../../lib/feedback';
import { chineseDateTime } from '../../../lib/dates';

export function PlanList(props: { refreshKey: number }) {
  const [plans, setPlans] = useState<PlanView[] | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    api
      .listPlans({ archived: true })
      .then(setPlans)
      .catch(() => setPlans([]));
  }, [props.refreshKey, tick]);

  async function withdraw(p: PlanView) {
    if (!(await confirmDialog(zh.importPage.withdrawConfirm(p.title)))) return;
    try {
      await api.withdrawImport({ planId: p.id });
      toast(zh.importPage.withdrawn);
    } catch (e) {
      toastError(e);
    }
    setTick((n) => n + 1);
  }

  async function archive(p: PlanView) {
    if (!(await confirmDialog(zh.importPage.archiveConfirm(p.title)))) return;
    try {
      await api.archivePlan({ planId: p.id });
      toast(zh.importPage.archived);
    } catch (e) {
      toastError(e);
    }
    setTick((n) => n + 1);
  }

  if (plans === null) return null;
  return (
    <View>
      <View className="section-title">
        <Text>{zh.importPage.plansTitle}</Text>
      </View>
      <View className="card import__plans">
        {plans.length === 0 ? <Text className="muted">{zh.importPage.plansEmpty}</Text> : null}
        {plans.map((p) => (
          <View key={p.id} className="import__plan">
            <Text className="import__plan-title">{p.title}</Text>
            <Text className="import__plan-meta">
              {zh.importPage.planMeta(p.tasks, chineseDateTime(p.importedAt))}
              {p.archivedAt ? ` · ${zh.importPage.archivedMark}` : ''}
            </Text>
            {p.archivedAt ? null : (
              <View className="import__task-actions">
                <View className="link import__task-action" role="button" onClick={() => void withdraw(p)}>
                  {zh.importPage.withdraw}
                </View>
                <View className="link import__task-action" role="button" onClick={() => void archive(p)}>
                  {zh.importPage.archive}
                </View>
              </View>
            )}
          </View>
        ))}
      </View>
    </View>
  );
}

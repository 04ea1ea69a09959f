import { Input, Text, View } from '@tarojs/components';
import { Button, Switch } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css';
import { useEffect, useState } from 'react';
import type { Settings } from '../../../../core/model';
import { kindsWithoutTap } from '../../../../core/subscribe';
import { api } from '../../../api';
import { ActionBar } from '../../../components/ActionBar';
import { Field, TextField } from '../../../components/Field';
import { RequireSession } from '../../../components/RequireSession';
import { ErrorState, LoadingState } from '../../../components/StateViews';
import { zh } from '../../../i18n/zh-CN';
import { toast, toastError } from '../../../lib/feedback';
import { useAsync } from '../../../lib/useAsync';
import { Cycles } from './Cycles';
import './index.scss';

export default function SettingsPage() {
  return <RequireSession roles={['admin']}>{() => <SettingsForm />}</RequireSession>;
}

interface Form {
  yellowDays: string;
  reminderOffsets: string;
  overdueEveryDays: string;
  periodicReportDay: string;
  sendFromHour: string;
  sendToHour: string;
  longTermTemplates: boolean;
  urgeDedupeMinutes: string;
}

function toForm(s: Settings): Form {
  return {
    yellowDays: String(s.yellowDays),
    reminderOffsets: s.reminderOffsets.join(','),
    overdueEveryDays: String(s.overdueEveryDays),
    periodicReportDay: s.periodicReportDay === null ? '' : String(s.periodicReportDay),
    sendFromHour: String(s.sendFromHour),
    sendToHour: String(s.sendToHour),
    longTermTemplates: s.longTermTemplates,
    urgeDedupeMinutes: String(s.urgeDedupeMinutes ?? 10),
  };
}

const INT = /^\d+$/;

function SettingsForm() {
  const state = useAsync(() => api.getSettings(), [], { refreshOnShow: false });
  const [form, setForm] = useState<Form | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (state.data) setForm(toForm(state.data));
  }, [state.data]);

  if (!form) {
    return state.error ? <ErrorState error={state.error} onRetry={() => void state.reload()} /> : <LoadingState />;
  }

  // Each tap asks WeChat for at most 3 templates (core/subscribe.ts): kinds no tap asks for are said here.
  const withoutTap = state.data ? kindsWithoutTap(state.data) : [];
  const set = (k: keyof Form) => (e: { detail: { value: string } }) => setForm({ ...form, [k]: e.detail.value });

  /** 仅允许现场拍摄 for one plan: saved at once. */
  async function setCameraOnly(planId: string, on: boolean) {
    const current = state.data?.cameraOnlyPlanIds ?? [];
    try {
      const next = await api.updateSettings({
        cameraOnlyPlanIds: on ? [...new Set([...current, planId])] : current.filter((id) => id !== planId),
      });
      state.setData(next);
      toast(zh.settings.saved);
    } catch (e) {
      toastError(e);
    }
  }

  async function save() {
    if (!form) return;
    const ints: [keyof Form, string][] = [
      ['yellowDays', zh.settings.yellowDays],
      ['overdueEveryDays', zh.settings.overdueEveryDays],
      ['sendFromHour', zh.settings.sendFrom],
      ['sendToHour', zh.settings.sendTo],
      ['urgeDedupeMinutes', zh.desk.urgeDedupe],
    ];
    for (const [k, label] of ints) if (!INT.test(String(form[k]).trim())) return toast(zh.settings.badNumber(label));
    const offsets = form.reminderOffsets
      .split(/[,，、\s]+/)
      .filter(Boolean)
      .map((x) => x.trim());
    if (offsets.some((x) => !INT.test(x))) return toast(zh.settings.badNumber(zh.settings.reminderOffsets));
    if (form.periodicReportDay.trim() && !INT.test(form.periodicReportDay.trim()))
      return toast(zh.settings.badNumber(zh.settings.periodicReportDay));
    setSaving(true);
    try {
      const next = await api.updateSettings({
        yellowDays: Number(form.yellowDays),
        reminderOffsets: offsets.map(Number),
        overdueEveryDays: Number(form.overdueEveryDays),
        periodicReportDay: form.periodicReportDay.trim() ? Number(form.periodicReportDay) : null,
        sendFromHour: Number(form.sendFromHour),
        sendToHour: Number(form.sendToHour),
        longTermTemplates: form.longTermTemplates,
        urgeDedupeMinutes: Number(form.urgeDedupeMinutes),
      });
      state.setData(next);
      toast(zh.settings.saved);
    } catch (e) {
      toastError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <View className="page page--with-actionbar settings">
      <View className="card">
        <TextField label={zh.settings.yellowDays} value={form.yellowDays} onInput={set('yellowDays')} type="number" />
        <TextField
          label={zh.settings.reminderOffsets}
          value={form.reminderOffsets}
          onInput={set('reminderOffsets')}
          hint={zh.settings.reminderOffsetsHint}
        />
        <TextField
          label={zh.desk.urgeDedupe}
          value={form.urgeDedupeMinutes}
          onInput={set('urgeDedupeMinutes')}
          hint={zh.desk.urgeDedupeHint}
          type="number"
        />
        <TextField
          label={zh.settings.overdueEveryDays}
          value={form.overdueEveryDays}
          onInput={set('overdueEveryDays')}
          type="number"
        />
        <TextField
          label={zh.settings.periodicReportDay}
          value={form.periodicReportDay}
          onInput={set('periodicReportDay')}
          type="number"
          hint={zh.settings.periodicReportDayHint}
        />
        <Field label={zh.settings.sendHours}>
          <View className="settings__hours">
            <Text className="settings__hours-word">{zh.settings.sendFrom}</Text>
            <Input
              className="input"
              type="number"
              value={form.sendFromHour}
              aria-label={zh.settings.sendFrom}
              onInput={set('sendFromHour')}
            />
            <Text className="settings__hours-word">{zh.settings.sendTo}</Text>
            <Input
              className="input"
              type="number"
              value={form.sendToHour}
              aria-label={zh.settings.sendTo}
              onInput={set('sendToHour')}
            />
          </View>
        </Field>
        <View className="settings__switch">
          <Text className="settings__switch-label">{zh.settings.longTerm}</Text>
          <Switch
            checked={form.longTermTemplates}
            aria-label={zh.settings.longTerm}
            onChange={(v: boolean) => setForm({ ...form, longTermTemplates: v })}
          />
        </View>
        {withoutTap.length ? (
          <Text className="field__hint settings__warning">
            {zh.settings.kindsWithoutTap(withoutTap.map((k) => zh.me.messageKind[k]).join('、'))}
          </Text>
        ) : null}
      </View>
      {state.data && state.data.plans.length ? (
        <View className="card">
          <Text className="field__label">{zh.evidence.cameraOnlyTitle}</Text>
          <Text className="field__hint">{zh.evidence.cameraOnlyHint}</Text>
          {state.data.plans.map((plan) => {
            const on = state.data!.cameraOnlyPlanIds.includes(plan.id);
            return (
              <View key={plan.id} className="settings__switch">
                <Text className="settings__switch-label">{plan.title}</Text>
                <Switch
                  checked={on}
                  aria-label={`${zh.evidence.cameraOnlyTitle}：${plan.title}`}
                  onChange={(v: boolean) => void setCameraOnly(plan.id, v)}
                />
              </View>
            );
          })}
        </View>
      ) : null}
      <Cycles />
      <ActionBar>
        <Button type="primary" size="large" block loading={saving} onClick={() => void save()}>
          {zh.common.save}
        </Button>
      </ActionBar>
    </View>
  );
}

/**
 * 消息模板: for each message kind, the WeChat template id and which value each keyword shows, tried on a real task
 * (previewTemplate: each field as WeChat would receive it, checked against its keyword type's rule) and saved
 * through updateSettings, which refuses the same problems. The rules live in core/remind/format.ts, on the server.
 */
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useEffect, useState } from 'react';
import type { TemplatePreview } from '../../../../core/api/contract';
import type { MessageKind, Settings, TemplateSetting } from '../../../../core/model';
import type { ValueName } from '../../../../core/remind/format';
import { api } from '../../../api';
import { ActionBar } from '../../../components/ActionBar';
import { TextField } from '../../../components/Field';
import { RequireSession } from '../../../components/RequireSession';
import { ErrorState, LoadingState } from '../../../components/StateViews';
import { zh } from '../../../i18n/zh-CN';
import { toast, toastError } from '../../../lib/feedback';
import { useAsync } from '../../../lib/useAsync';
import './index.scss';

const KINDS = Object.keys(zh.me.messageKind) as MessageKind[];
const VALUE_NAMES = Object.keys(zh.templates.valueName) as ValueName[];
const MAX_FIELDS = 10;
const t = zh.templates;

export default function TemplatesPage() {
  return <RequireSession roles={['admin']}>{() => <TemplatesEditor />}</RequireSession>;
}

const EMPTY: TemplateSetting = { templateId: '', fields: [{ key: 'thing1', value: 'task' }] };

function draftOf(settings: Settings, kind: MessageKind): TemplateSetting {
  const s = settings.templates[kind];
  return s ? { templateId: s.templateId, fields: s.fields.map((f) => ({ ...f })) } : copyOf(EMPTY);
}

function copyOf(s: TemplateSetting): TemplateSetting {
  return { templateId: s.templateId, fields: s.fields.map((f) => ({ ...f })) };
}

function valueLabel(name: string): string {
  return (zh.templates.valueName as Record<string, string>)[name] ?? name;
}

function TemplatesEditor() {
  const state = useAsync(() => api.getSettings(), [], { refreshOnShow: false });
  const [kind, setKind] = useState<MessageKind>(KINDS[0]);
  const [draft, setDraft] = useState<TemplateSetting | null>(null);
  const [choosing, setChoosing] = useState<number | null>(null);
  const [preview, setPreview] = useState<TemplatePreview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'save' | 'clear' | null>(null);

  // the saved settings arrived (or were read again after a save): the form shows the current kind's
  useEffect(() => {
    if (state.data) setDraft(draftOf(state.data, kind));
    setPreview(null);
    setChoosing(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a change of kind resets the form in its own tap (pick)
  }, [state.data]);

  useEffect(() => {
    // The preview is under the form: bring it into view when it arrives.
    if (preview) void Taro.pageScrollTo({ selector: '.templates__preview', duration: 200 }).catch(() => undefined);
  }, [preview]);

  if (!state.data || !draft) {
    return state.error ? <ErrorState error={state.error} onRetry={() => void state.reload()} /> : <LoadingState />;
  }
  const settings = state.data;
  const kindName = zh.me.messageKind[kind];

  // another kind: its tab and its form in the same render, so that nothing typed at once lands in the kind before
  const pick = (k: MessageKind) => {
    setKind(k);
    setDraft(draftOf(settings, k));
    setPreview(null);
    setChoosing(null);
  };
  const change = (next: TemplateSetting) => {
    setDraft(next);
    setPreview(null);
  };
  const setField = (i: number, patch: Partial<TemplateSetting['fields'][number]>) =>
    change({ ...draft, fields: draft.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) });
  const cleaned = (): TemplateSetting => ({
    templateId: draft.templateId.trim(),
    fields: draft.fields.map((f) => ({ key: f.key.trim(), value: f.value })).filter((f) => f.key),
  });

  async function runPreview() {
    setBusy('preview');
    try {
      setPreview(await api.previewTemplate({ kind, template: cleaned() }));
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(null);
    }
  }

  async function save(clear: boolean) {
    setBusy(clear ? 'clear' : 'save');
    try {
      const templates = { ...settings.templates };
      if (clear) delete templates[kind];
      else templates[kind] = cleaned();
      const next = await api.updateSettings({ templates });
      state.setData(next);
      toast(clear ? t.cleared(kindName) : t.saved(kindName));
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <View className="page page--with-actionbar templates">
      <Text className="templates__intro">{t.intro}</Text>
      <View className="templates__kinds" role="radiogroup" aria-label={t.title}>
        {KINDS.map((k) => (
          <View
            key={k}
            className={`templates__kind${k === kind ? ' templates__kind--active' : ''}`}
            role="radio"
            aria-checked={k === kind}
            aria-label={zh.me.messageKind[k]}
            onClick={() => pick(k)}
          >
            <Text>{zh.me.messageKind[k]}</Text>
            <Text className="templates__kind-state">{settings.templates[k] ? t.kindSet : t.kindUnset}</Text>
          </View>
        ))}
      </View>

      <View className="card">
        <TextField
          label={t.templateId}
          value={draft.templateId}
          placeholder={t.templateIdPlaceholder}
          maxlength={100}
          onInput={(e) => change({ ...draft, templateId: e.detail.value })}
        />
        {draft.fields.map((f, i) => (
          <View key={i} className="templates__field">
            <View className="templates__field-row">
              <Input
                className="input templates__key"
                value={f.key}
                placeholder={t.keywordPlaceholder}
                aria-label={`${t.keyword} ${i + 1}`}
                maxlength={40}
                onInput={(e) => setField(i, { key: e.detail.value })}
              />
              <View
                className="templates__value"
                role="button"
                aria-label={`${valueLabel(f.value)}，${t.chooseValue(f.key)}`}
                onClick={() => setChoosing(choosing === i ? null : i)}
              >
                <Text>{valueLabel(f.value)}</Text>
                <Text className="templates__chevron" aria-hidden="true">
                  {choosing === i ? '▴' : '▾'}
                </Text>
              </View>
              <View
                className="templates__remove"
                role="button"
                aria-label={t.removeField(f.key)}
                onClick={() => change({ ...draft, fields: draft.fields.filter((_, j) => j !== i) })}
              >
                <Text>×</Text>
              </View>
            </View>
            {choosing === i ? (
              <View className="templates__choices" role="radiogroup" aria-label={t.chooseValue(f.key)}>
                {VALUE_NAMES.map((name) => (
                  <View
                    key={name}
                    className={`templates__choice${f.value === name ? ' templates__choice--active' : ''}`}
                    role="radio"
                    aria-checked={f.value === name}
                    onClick={() => {
                      setField(i, { value: name });
                      setChoosing(null);
                    }}
                  >
                    {valueLabel(name)}
                  </View>
                ))}
              </View>
            ) : null}
          </View>
        ))}
        <View
          className="templates__add"
          role="button"
          aria-label={t.addField}
          onClick={() => {
            if (draft.fields.length >= MAX_FIELDS) return toast(t.tooMany);
            change({ ...draft, fields: [...draft.fields, { key: '', value: 'note' }] });
          }}
        >
          <Text>+ {t.addField}</Text>
        </View>
      </View>

      {preview ? <PreviewCard preview={preview} kindName={kindName} /> : null}

      <ActionBar>
        <View className="templates__actions">
          <Button size="large" loading={busy === 'preview'} onClick={() => void runPreview()}>
            {t.preview}
          </Button>
          <Button type="primary" size="large" loading={busy === 'save'} onClick={() => void save(false)}>
            {t.save}
          </Button>
        </View>
      </ActionBar>
      {settings.templates[kind] ? (
        <View className="templates__clear" role="button" aria-label={t.clear} onClick={() => void save(true)}>
          <Text>{t.clear}</Text>
        </View>
      ) : null}
    </View>
  );
}

function PreviewCard({ preview, kindName }: { preview: TemplatePreview; kindName: string }) {
  return (
    <View className="card templates__preview" aria-label={t.previewTitle(kindName)}>
      <Text className="templates__preview-title">{t.previewTitle(kindName)}</Text>
      <Text className="templates__preview-from">
        {preview.task ? t.previewFrom(preview.task.seq, preview.task.content, preview.task.unitName) : t.previewExample}
      </Text>
      {preview.fields.map((f) => (
        <View key={f.key} className={`templates__preview-field${f.problem ? ' templates__preview-field--bad' : ''}`}>
          <View className="row-between">
            <Text className="templates__preview-key">{f.key}</Text>
            <Text className="templates__preview-verdict">{f.problem ? t.problem(f.problem) : t.ok}</Text>
          </View>
          <Text className="templates__preview-value">{f.value || '—'}</Text>
          {f.rule ? <Text className="templates__preview-rule">{t.rule(f.rule)}</Text> : null}
        </View>
      ))}
      {preview.problems.length ? (
        <View className="templates__problems" role="alert">
          <Text className="templates__problems-title">{t.problemsTitle}</Text>
          {preview.problems.map((p) => (
            <Text key={p} className="templates__problem">
              {p}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}

/**
 * One task of the preview: what the importer read, the warnings of its row (they stay on the page), and the
 * admin's corrections: edit content, units and deadline (saved through editPreview, which answers with the date it
 * read), exclude or take back.
 */
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { ImportPreview, PreviewTaskEdit } from '../../../../core/api/contract';
import type { ImportWarning } from '../../../../core/model';
import { TextAreaField, TextField } from '../../../components/Field';
import { zh } from '../../../i18n/zh-CN';
import { chineseDate } from '../../../lib/dates';

type PreviewTaskView = ImportPreview['tasks'][number];

function dueWords(t: PreviewTaskView): string {
  return t.deadline.due ? zh.importPage.parsedDue(chineseDate(t.deadline.due)) : zh.importPage.noDue;
}

export function PreviewTask(props: {
  task: PreviewTaskView;
  warnings: ImportWarning[];
  onEdit: (edit: PreviewTaskEdit) => Promise<boolean>;
}) {
  const t = props.task;
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form, setForm] = useState({ content: '', lead: '', responsible: '', deadline: '' });

  function open() {
    setForm({
      content: t.content,
      lead: t.lead.join('、'),
      responsible: t.responsible.join('、'),
      deadline: t.deadline.text,
    });
    setEditing(true);
  }

  async function save() {
    setSaving(true);
    const edit: PreviewTaskEdit = { seq: t.seq };
    if (form.content.trim() !== t.content) edit.content = form.content;
    if (form.lead !== t.lead.join('、')) edit.lead = form.lead;
    if (form.responsible !== t.responsible.join('、')) edit.responsible = form.responsible;
    if (form.deadline.trim() !== t.deadline.text) edit.deadline = form.deadline;
    const ok = await props.onEdit(edit);
    setSaving(false);
    if (ok) setEditing(false);
  }

  const set = (k: keyof typeof form) => (e: { detail: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.detail.value }));

  return (
    <View
      className={`import__task${t.excluded ? ' import__task--excluded' : ''}`}
      aria-label={zh.task.seq(t.seq)}
      data-seq={t.seq}
    >
      <View className="row-between">
        <Text className="import__task-seq">
          {zh.task.seq(t.seq)}
          {t.stage ? ` · ${t.stage}` : ''}
          {t.line !== null ? ` · ${zh.importPage.line(t.line)}` : ''}
        </Text>
        {t.edited ? <Text className="import__mark">{zh.importPage.editedMark}</Text> : null}
      </View>
      {t.excluded ? <Text className="import__mark import__mark--excluded">{zh.importPage.excludedMark}</Text> : null}
      {editing ? (
        <View className="import__edit">
          <TextAreaField
            label={zh.importPage.fieldContent}
            inputClassName="import__edit-content"
            value={form.content}
            maxlength={5000}
            onInput={set('content')}
          />
          <TextField label={zh.importPage.fieldLead} value={form.lead} onInput={set('lead')} />
          <TextField
            label={zh.importPage.fieldResponsible}
            value={form.responsible}
            onInput={set('responsible')}
            hint={zh.importPage.unitsHint}
          />
          <TextField
            label={zh.importPage.fieldDeadline}
            value={form.deadline}
            onInput={set('deadline')}
            hint={zh.importPage.deadlineHint}
          />
          <View className="btn-row">
            <Button size="normal" onClick={() => setEditing(false)}>
              {zh.importPage.cancel}
            </Button>
            <Button size="normal" type="primary" loading={saving} onClick={() => void save()}>
              {saving ? zh.importPage.saving : zh.importPage.save}
            </Button>
          </View>
        </View>
      ) : (
        <View>
          <Text className="import__task-content">{t.content}</Text>
          <Text className="import__task-units">
            {zh.importPage.lead}：{t.lead.join('、') || zh.common.none}
          </Text>
          <Text className="import__task-units">
            {zh.importPage.responsible}：{t.responsible.join('、') || zh.common.none}
          </Text>
          <Text className="import__task-units">
            {zh.importPage.fieldDeadline}：{t.deadline.text || zh.common.none}
            <Text className="import__task-due">（{dueWords(t)}）</Text>
          </Text>
        </View>
      )}
      {props.warnings.length ? (
        <View className="import__row-warnings" aria-label={zh.importPage.rowWarnings}>
          {props.warnings.map((w, i) => (
            <Text key={`${w.code}-${i}`} className="import__row-warning">
              {w.message}
            </Text>
          ))}
        </View>
      ) : null}
      {editing ? null : (
        <View className="import__task-actions">
          <View className="link import__task-action" role="button" onClick={open}>
            {zh.importPage.edit}
          </View>
          <View
            className="link import__task-action"
            role="button"
            onClick={() => void props.onEdit({ seq: t.seq, excluded: !t.excluded })}
          >
            {t.excluded ? zh.importPage.include : zh.importPage.exclude}
          </View>
        </View>
      )}
    </View>
  );
}

/** Template settings for tests of the reminder engine. */
import type { Settings } from '../model';

/** Every message kind on its own template, with fields of several keyword types. */
export function reminderTemplates(): Settings['templates'] {
  const t = (id: string, status: 'status' | 'title' = 'status') => ({
    templateId: id,
    fields: [
      { key: 'thing1', value: 'task' },
      { key: 'date2', value: 'due' },
      { key: 'phrase3', value: status },
      { key: 'thing4', value: 'note' },
      { key: 'thing5', value: 'unit' },
    ],
  });
  return {
    due: t('TMPL-DUE'),
    overdue: t('TMPL-OVERDUE'),
    periodic: t('TMPL-PERIODIC', 'title'),
    returned: t('TMPL-REVIEW'),
    accepted: t('TMPL-REVIEW'),
    extension: t('TMPL-EXTENSION'),
    urge: t('TMPL-URGE'),
  };
}

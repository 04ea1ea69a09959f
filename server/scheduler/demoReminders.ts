/**
 * The demo's reminder set-up: template ids and field maps in the settings (made-up ids: a real deployment puts the
 * ids of the templates it picked in the WeChat console, see the README), and a few subscription credits for every
 * demo contact, so that the first pass on the demo database sends real messages (to the outbox) on the first day.
 */
import type { Instant, Settings, TemplateSetting } from '../../core/model';
import type { SqliteStore } from '../store/sqlite';
import { SqliteReminderStore } from '../store/sqlite/reminders';

/** A "待办事项提醒"-like template: what, when, state, a note, who. */
function template(templateId: string, status: 'status' | 'title', when: 'due' | 'time' = 'due'): TemplateSetting {
  return {
    templateId,
    fields: [
      { key: 'thing1', value: 'task' },
      { key: when === 'due' ? 'date2' : 'time2', value: when },
      { key: 'phrase3', value: status },
      { key: 'thing4', value: 'note' },
      { key: 'thing5', value: 'unit' },
    ],
  };
}

export const DEMO_TEMPLATES: Settings['templates'] = {
  due: template('DEMO-TMPL-DUE', 'status'),
  overdue: template('DEMO-TMPL-OVERDUE', 'status'),
  periodic: template('DEMO-TMPL-PERIODIC', 'title'),
  returned: template('DEMO-TMPL-REVIEW', 'status', 'time'),
  accepted: template('DEMO-TMPL-REVIEW', 'status', 'time'),
  extension: template('DEMO-TMPL-EXTENSION', 'status'),
  urge: template('DEMO-TMPL-URGE', 'status', 'time'),
  instruction: template('DEMO-TMPL-INSTRUCTION', 'status', 'time'),
};

/** Credits each demo contact starts with, per template. */
export const DEMO_CREDITS = 5;

/**
 * Puts the demo templates in the settings (unless templates are configured already) and gives every contact
 * DEMO_CREDITS of each. Returns how many contacts got credits.
 */
export async function seedDemoReminders(store: SqliteStore, at: Instant): Promise<number> {
  const settings = await store.getSettings();
  const templates = Object.keys(settings.templates).length > 0 ? settings.templates : DEMO_TEMPLATES;
  if (templates !== settings.templates) await store.saveSettings({ ...settings, templates });
  const ids = [...new Set(Object.values(templates).map((t) => t?.templateId ?? ''))].filter(Boolean);
  const reminders = new SqliteReminderStore(store);
  const contacts = store.db.prepare(`SELECT id FROM users WHERE role = 'contact' ORDER BY id`).all() as {
    id: string;
  }[];
  for (const c of contacts) for (const t of ids) reminders.setCredits(c.id, t, DEMO_CREDITS, at);
  return contacts.length;
}

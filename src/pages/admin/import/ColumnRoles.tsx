/**
 * The role of each column of the table, as the importer read it; the admin changes one and the preview is read
 * again at once (importPlan with `columns`).
 */
import { Text, View } from '@tarojs/components';
import type { ImportPreview } from '../../../../core/api/contract';
import type { ColumnRole } from '../../../../core/model';
import { zh } from '../../../i18n/zh-CN';

const ROLES: ColumnRole[] = ['content', 'lead', 'responsible', 'deadline', 'stage', 'seq', 'ignore'];

export function ColumnRoles(props: {
  columns: NonNullable<ImportPreview['columns']>;
  busy: boolean;
  onChange: (roles: ColumnRole[]) => void;
}) {
  const { headers, roles } = props.columns;
  return (
    <View className="card import__columns">
      <Text className="import__hint">{props.busy ? zh.importPage.rereading : zh.importPage.columnsHint}</Text>
      {headers.map((header, i) => (
        <View key={`${i}-${header}`} className="import__column">
          <Text className="import__column-name">{header || `第${i + 1}列`}</Text>
          <View className="import__column-roles" role="radiogroup" aria-label={header || `第${i + 1}列`}>
            {ROLES.map((role) => {
              const on = roles[i] === role;
              return (
                <View
                  key={role}
                  className={`import__chip${on ? ' import__chip--on' : ''}`}
                  role="radio"
                  aria-checked={on}
                  aria-label={zh.importPage.columnAria(header, zh.importPage.columnRole[role])}
                  onClick={() => {
                    if (on || props.busy) return;
                    const next = [...roles];
                    // one task column: choosing another moves it there, the old one is no longer read
                    if (role === 'content') next.forEach((r, k) => r === 'content' && (next[k] = 'ignore'));
                    next[i] = role;
                    props.onChange(next);
                  }}
                >
                  <Text>{zh.importPage.columnRole[role]}</Text>
                </View>
              );
            })}
          </View>
        </View>
      ))}
    </View>
  );
}

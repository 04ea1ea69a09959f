import { Text } from '@tarojs/components';
import type { AssignmentRole } from '../../../core/model';
import { zh } from '../../i18n/zh-CN';
import './index.scss';

/** 牵头 / 责任: which part of the task a unit answers for. */
export function RoleTag({ role }: { role: AssignmentRole }) {
  return (
    <Text className={`role-tag role-tag--${role}`} aria-label={zh.roleLong[role]}>
      {zh.role[role]}
    </Text>
  );
}

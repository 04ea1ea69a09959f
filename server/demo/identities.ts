/**
 * The people of the demo dataset. Their principals are fixed so that `demoLogin` (demo mode only) can sign
 * in as each of them; on a real deployment nobody has these principals.
 */
import type { UserRole } from '../../core/model';

export type DemoAs = 'admin' | 'supervisor' | 'lead' | 'district' | 'viewer' | 'street';

export interface DemoIdentity {
  as: DemoAs;
  principal: string;
  name: string;
  unitName: string;
  role: UserRole;
  /** What this person does in the demo, for the start banner and the README. */
  description: string;
}

export const DEMO_IDENTITIES: readonly DemoIdentity[] = [
  {
    as: 'admin',
    principal: 'demo-admin',
    name: '王管理',
    unitName: '市优化办',
    role: 'admin',
    description: '管理员：导入责任分解表、维护单位名录、生成邀请码、设置',
  },
  {
    as: 'supervisor',
    principal: 'demo-supervisor',
    name: '李督查',
    unitName: '市政府督查室',
    role: 'supervisor',
    description: '督查室：看板、审核、延期审批、催办、导出通报',
  },
  {
    as: 'lead',
    principal: 'demo-lead',
    name: '张联络',
    unitName: '市政务服务中心',
    role: 'contact',
    description: '牵头单位联络员：办理本单位任务，并审核责任单位的进展',
  },
  {
    as: 'district',
    principal: 'demo-district',
    name: '刘联络',
    unitName: '芙蓉区人民政府',
    role: 'contact',
    description: '区县联络员：签收、提交进展和照片、申请延期',
  },
  {
    as: 'viewer',
    principal: 'demo-viewer',
    name: '陈领导',
    unitName: '市政府督查室',
    role: 'viewer',
    description: '领导：只读查看看板和任务',
  },
  {
    as: 'street',
    principal: 'demo-street',
    name: '孙联络',
    unitName: '芙蓉区定王台街道',
    role: 'contact',
    description: '街道联络员：办理芙蓉区分解下达的任务，签收、报送进展和照片、申请办结',
  },
];

export const DEMO_AS: readonly DemoAs[] = DEMO_IDENTITIES.map((d) => d.as);

export function demoIdentity(as: string): DemoIdentity | undefined {
  return DEMO_IDENTITIES.find((d) => d.as === as);
}

/**
 * Helpers of the 分解下达 tests (splitAssignment.test.ts, levels.test.ts): the demo users of 芙蓉区 and the city on
 * the small plan, and a claim of completion.
 */
import type { User } from '../model';
import type { TestWorld, UserSpecs } from './world';

/** The users the split tests share: 芙蓉区's contact, two of its units', a city unit's, the city's supervisor. */
export const SPLIT_USERS = {
  furong: ['district-furong', 'contact', '刘联络'],
  fagai: ['furong-fagai', 'contact', '发改联络员'],
  dwt: ['furong-dingwangtai', 'contact', '定王台联络员'],
  bianban: ['city-bianban', 'contact', '编办联络员'],
  city: ['city-ducha', 'supervisor', '李督查'],
  districtSup: ['district-furong', 'supervisor', '芙蓉督查'],
  districtAdmin: ['district-furong', 'admin', '芙蓉管理员'],
} satisfies UserSpecs;

/** A report that claims completion (办结申请) of `assignmentId`. */
export async function claimDone(w: TestWorld, user: User, assignmentId: string, extra: Record<string, unknown> = {}) {
  return (
    await w.call(user, 'submitReport', {
      assignmentId,
      requestId: `claim-${assignmentId}`,
      text: '已完成，请审核',
      claimDone: true,
      ...extra,
    })
  ).report;
}

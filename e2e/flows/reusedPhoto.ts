/**
 * A photo passed off twice: 市政务服务中心's contact reports with a photo; 芙蓉区's contact then claims a task done
 * with a smaller, recompressed copy of it. The supervisor's 审核 queue flags the claim's photo as used before, names
 * the unit and time of the earlier report and links to its task; each photo shows its receive-time stamp.
 * Set up through the server (uploads as the app sends them), checked in the browser at 375 and 320 px.
 */
import { resizedCopy, scene } from '../../server/photos/testImages';
import { apiCall, check, demoToken, Phone, type Env, type Flow } from '../harness';

async function upload(env: Env, token: string, bytes: Uint8Array): Promise<string> {
  const res = await fetch(`${env.baseUrl}/api/upload`, {
    method: 'POST',
    headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${token}` },
    body: Buffer.from(bytes),
  });
  const body = (await res.json()) as { ok: boolean; data?: { id: string }; error?: { message: string } };
  if (!body.ok || !body.data) throw new Error(`上传照片失败：${body.error?.message ?? res.status}`);
  return body.data.id;
}

export const reusedPhoto: Flow = {
  name: '审核人看到重复使用的照片被标出，并能打开原汇报',
  async run(env, phones) {
    const lead = await demoToken(env, 'lead');
    const district = await demoToken(env, 'district');
    const open = (c: { status: string; pendingReview: boolean }) =>
      c.status !== 'closed' && c.status !== 'claimed' && !c.pendingReview;
    const leadMine = (await apiCall(env, lead, 'listMyTasks', { pageSize: 100 })).items.filter(open);
    const districtMine = (await apiCall(env, district, 'listMyTasks', { pageSize: 100 })).items.filter(open);
    check(leadMine.length > 0 && districtMine.length > 0, '没有找到两个单位都未办结的任务');
    const earlierCard = leadMine[0];
    const laterCard = districtMine.find((c) => c.taskId !== earlierCard.taskId) ?? districtMine[0];

    const original = await scene(2026);
    const stamp = Date.now();
    await apiCall(env, lead, 'submitReport', {
      assignmentId: earlierCard.assignmentId,
      requestId: `reuse-a-${stamp}`,
      text: `窗口改造已完成，现场照片见附件（${stamp}）`,
      photos: [await upload(env, lead, original)],
    });
    const claimText = `整改完毕，申请办结（${stamp}）`;
    const claim = await apiCall(env, district, 'submitReport', {
      assignmentId: laterCard.assignmentId,
      requestId: `reuse-b-${stamp}`,
      text: claimText,
      photos: [await upload(env, district, await resizedCopy(original, 480, 55))],
      claimDone: true,
    });
    check(claim.report.photos[0].reused, '服务器没有标出重复使用的照片');

    const p = await Phone.open(env, '9-reused-photo');
    phones.push(p);
    await p.demoLogin('督查室');
    await p.tap(p.page.locator('.tabbar__item', { hasText: '审核' }));
    const item = p.page.locator('.review__item', { hasText: claimText }).first();
    await item.waitFor();
    const flag = item.locator('[data-testid="photo-reused"]');
    await flag.waitFor();
    const said = await flag.innerText();
    check(said.includes('疑似重复使用'), `标记没有说疑似重复使用：${said}`);
    check(said.includes('市政务服务中心'), `标记没有说出原汇报的单位：${said}`);
    await item.scrollIntoViewIfNeeded();
    await p.checkTextFits('reused-flag');
    await p.checkNoOverflowAt320('reused-flag');

    // the link opens the earlier report's task, where the first photo is
    await p.tap(flag.locator('.photo-grid__link'));
    await p.see(earlierCard.content.slice(0, 12));
    await p.page
      .locator('.timeline__item', { hasText: String(stamp) })
      .first()
      .waitFor();
    await p.screenshot('reused-original-task');
  },
};

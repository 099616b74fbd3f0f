import type { NotificationKind, SafetyFindingKind } from './vocabulary.ts';
import { SAFETY_FINDING_INFO } from './vocabulary.ts';

/** The notices residents receive (DRM-1 "result communicated", DRM-7 "residents notified"), in English and Chinese. */
export interface Notice {
  kind: NotificationKind;
  titleEn: string;
  titleZh: string;
  bodyEn: string;
  bodyZh: string;
  data: Record<string, unknown> | null;
}

export interface PlaceNames {
  buildingId: string;
  buildingName: string;
  floor: number;
  roomId: string;
  roomNumber: string;
  bedId: string;
  bedLabel: string;
}

/** Beijing time, as the campus reads it (timestamps are stored UTC). */
function local(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function allocationNotice(place: PlaceNames): Notice {
  return {
    kind: 'allocation',
    titleEn: 'Your dormitory allocation',
    titleZh: '宿舍分配结果',
    bodyEn: `You are allocated ${place.buildingName}, floor ${place.floor}, room ${place.roomNumber}, bed ${place.bedLabel}. Bring your ID document to check in on arrival.`,
    bodyZh: `您已分配至${place.buildingName}${place.floor}层${place.roomNumber}室${place.bedLabel}号床。报到时请携带身份证件办理入住登记。`,
    data: { ...place },
  };
}

export function checkedInNotice(place: PlaceNames): Notice {
  return {
    kind: 'check_in',
    titleEn: 'Checked in',
    titleZh: '入住登记完成',
    bodyEn: `Welcome to ${place.buildingName}, room ${place.roomNumber}, bed ${place.bedLabel}. Report any facility fault from your room page.`,
    bodyZh: `欢迎入住${place.buildingName}${place.roomNumber}室${place.bedLabel}号床。设施损坏可在“我的宿舍”页面报修。`,
    data: { ...place },
  };
}

export function checkoutDecisionNotice(decision: 'approved' | 'rejected', checkoutId: number, note: string | null): Notice {
  if (decision === 'approved')
    return {
      kind: 'checkout',
      titleEn: 'Check-out approved',
      titleZh: '退宿申请已批准',
      bodyEn: 'Your check-out is approved. The dormitory manager will inspect the room with you before you hand in your card.',
      bodyZh: '您的退宿申请已批准。宿舍管理员将与您一同验房，之后办理退卡手续。',
      data: { checkoutId },
    };
  return {
    kind: 'checkout',
    titleEn: 'Check-out not approved',
    titleZh: '退宿申请未获批准',
    bodyEn: `Your check-out request was not approved${note ? `: ${note}` : '.'}`,
    bodyZh: `您的退宿申请未获批准${note ? `：${note}` : '。'}`,
    data: { checkoutId },
  };
}

export function checkedOutNotice(checkoutId: number, charged: number): Notice {
  return {
    kind: 'checkout',
    titleEn: 'Checked out',
    titleZh: '退宿手续已办结',
    bodyEn:
      charged > 0
        ? `You have checked out; your card no longer opens the gates. Damage charged: ¥${charged.toFixed(2)}.`
        : 'You have checked out; your card no longer opens the gates. No damage was charged.',
    bodyZh:
      charged > 0
        ? `您已办结退宿手续，门禁卡已注销。损坏赔偿：¥${charged.toFixed(2)}。`
        : '您已办结退宿手续，门禁卡已注销。无损坏赔偿。',
    data: { checkoutId, charged },
  };
}

export function leaveDecisionNotice(decision: 'approved' | 'rejected', leaveId: number, note: string | null): Notice {
  return decision === 'approved'
    ? {
        kind: 'leave',
        titleEn: 'Leave approved',
        titleZh: '离校申请已批准',
        bodyEn: 'Your leave request is approved.',
        bodyZh: '您的离校（请假）申请已批准。',
        data: { leaveId },
      }
    : {
        kind: 'leave',
        titleEn: 'Leave not approved',
        titleZh: '离校申请未获批准',
        bodyEn: `Your leave request was not approved${note ? `: ${note}` : '.'}`,
        bodyZh: `您的离校（请假）申请未获批准${note ? `：${note}` : '。'}`,
        data: { leaveId },
      };
}

export function rectificationNotice(
  checkId: number,
  roomNumber: string,
  findings: ReadonlyArray<{ kind: SafetyFindingKind; description: string }>,
  deadline: Date,
): Notice {
  const en = findings.map((f) => `${SAFETY_FINDING_INFO[f.kind].en}: ${f.description}`).join('; ');
  const zh = findings.map((f) => `${SAFETY_FINDING_INFO[f.kind].zh}：${f.description}`).join('；');
  return {
    kind: 'rectification',
    titleEn: 'Safety rectification notice',
    titleZh: '安全隐患整改通知',
    bodyEn: `The safety check of room ${roomNumber} found: ${en}. Put it right by ${local(deadline)} (Beijing time) and upload an "after" photo.`,
    bodyZh: `${roomNumber}室安全检查发现：${zh}。请于${local(deadline)}（北京时间）前完成整改并上传整改后照片。`,
    data: { checkId, deadline: deadline.toISOString() },
  };
}

export function reinspectionNotice(checkId: number, passed: boolean, note: string, deadline: Date | null): Notice {
  return passed
    ? {
        kind: 'rectification',
        titleEn: 'Rectification accepted',
        titleZh: '整改已通过复查',
        bodyEn: 'The re-inspection found your room in order. The safety notice is closed.',
        bodyZh: '复查合格，安全整改通知已关闭。',
        data: { checkId },
      }
    : {
        kind: 'rectification',
        titleEn: 'Rectification not yet accepted',
        titleZh: '整改复查未通过',
        bodyEn: `The re-inspection found the problem unresolved: ${note}.${deadline ? ` New deadline ${local(deadline)} (Beijing time).` : ''}`,
        bodyZh: `复查未通过：${note}。${deadline ? `请于${local(deadline)}（北京时间）前再次整改。` : ''}`,
        data: { checkId, deadline: deadline?.toISOString() ?? null },
      };
}

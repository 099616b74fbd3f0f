import type { Role } from '@campus/protocol';
import { type Actor, systemActor } from '../../actor.ts';
import type { ApprovalService } from '../approvals/service.ts';
import type { IdentityService } from '../identity/service.ts';
import type { PlanInput } from './plan-service.ts';
import type { RequirementInput } from './qualification-service.ts';
import type { TrainingService } from './service.ts';
import type { Attendance } from './vocabulary.ts';

const DEPARTMENT = { id: 'logistics-office', name: 'Logistics office', name_zh: '后勤处', parent_id: null };

interface DemoPerson {
  username: string;
  displayName: string;
  roles: Role[];
  skills: Array<{ skill: string; level: number }>;
  certifications: Array<{ kind: string; number: string; issuedOn: string; expiresOn: string }>;
}

/** The logistics staff of the demo: a trainer, three technicians, an asset clerk, a dorm manager. */
export const TRAINING_DEMO_PEOPLE: readonly DemoPerson[] = [
  { username: 'trainer.li', displayName: 'Li Min / 李敏', roles: ['trainer'], skills: [], certifications: [] },
  {
    username: 'tech.zhang',
    displayName: 'Zhang Wei / 张伟',
    roles: ['technician'],
    skills: [
      { skill: 'elevator', level: 3 },
      { skill: 'electrical', level: 2 },
      { skill: 'system_operation', level: 2 },
    ],
    certifications: [{ kind: 'elevator', number: 'TS-3301-2023-0117', issuedOn: '2023-03-31', expiresOn: '2027-03-31' }],
  },
  {
    username: 'tech.zhao',
    displayName: 'Zhao Qiang / 赵强',
    roles: ['technician'],
    skills: [
      { skill: 'elevator', level: 2 },
      { skill: 'system_operation', level: 1 },
    ],
    certifications: [{ kind: 'elevator', number: 'TS-3301-2023-0245', issuedOn: '2023-06-30', expiresOn: '2027-06-30' }],
  },
  {
    username: 'tech.wang',
    displayName: 'Wang Lei / 王磊',
    roles: ['technician'],
    skills: [
      { skill: 'electrical', level: 4 },
      { skill: 'system_operation', level: 3 },
    ],
    certifications: [{ kind: 'high_voltage', number: 'T330102198805', issuedOn: '2020-12-31', expiresOn: '2026-12-31' }],
  },
  {
    username: 'clerk.chen',
    displayName: 'Chen Jing / 陈静',
    roles: ['asset_clerk'],
    skills: [
      { skill: 'data_entry', level: 3 },
      { skill: 'system_operation', level: 2 },
    ],
    certifications: [],
  },
  {
    username: 'dorm.liu',
    displayName: 'Liu Fang / 刘芳',
    roles: ['dorm_manager'],
    skills: [{ skill: 'system_operation', level: 2 }],
    certifications: [],
  },
];

export const TRAINING_DEMO_REQUIREMENTS: readonly RequirementInput[] = [
  { scope: 'role', target: 'technician', kind: 'skill', name: 'system_operation', minLevel: 2 },
  { scope: 'role', target: 'asset_clerk', kind: 'skill', name: 'system_operation', minLevel: 3 },
  { scope: 'role', target: 'asset_clerk', kind: 'skill', name: 'data_entry', minLevel: 3 },
  { scope: 'role', target: 'dorm_manager', kind: 'skill', name: 'system_operation', minLevel: 2 },
  { scope: 'job', target: 'elevator', kind: 'skill', name: 'elevator', minLevel: 3 },
  { scope: 'job', target: 'elevator', kind: 'certification', name: 'elevator', note: '特种设备作业人员证（电梯）' },
  { scope: 'job', target: 'high_voltage', kind: 'certification', name: 'high_voltage', note: '特种作业操作证（高压电工作业）' },
  { scope: 'job', target: 'gas', kind: 'certification', name: 'gas' },
  { scope: 'job', target: 'boiler', kind: 'certification', name: 'boiler', note: '特种设备作业人员证（锅炉）' },
];

export const TRAINING_DEMO_PLAN: PlanInput = {
  year: 2026,
  title: '2026 logistics digital skills training plan',
  titleZh: '2026年后勤数字化技能培训计划',
  goals: [
    'Every logistics staff member operates the campus operations hub unaided / 后勤人员均能独立操作数字化管理平台',
    'Repair and asset records entered right the first time, error rate below 1% / 维修与资产数据一次录入准确，差错率低于1%',
    'Every special-equipment operator holds a valid certificate / 特种设备作业人员持证上岗率100%',
  ],
  courses: [
    {
      title: 'Campus operations hub: daily operation',
      titleZh: '后勤数字化平台日常操作',
      area: 'system_skills',
      format: 'class',
      audience: ['technician', 'asset_clerk', 'dorm_manager', 'canteen_manager'],
      skills: ['system_operation'],
      months: [3, 9],
      hours: 4,
    },
    {
      title: 'Online repair workflow, from request to acceptance',
      titleZh: '在线报修流程：从报修到验收',
      area: 'process_use',
      format: 'online',
      audience: ['technician', 'maintenance_planner'],
      months: [4],
      hours: 2,
    },
    {
      title: 'Data accuracy case studies',
      titleZh: '数据准确性案例分析',
      area: 'data_accuracy',
      format: 'case_study',
      audience: ['asset_clerk', 'data_reviewer'],
      skills: ['data_entry'],
      months: [6],
      hours: 3,
    },
    {
      title: 'Elevator safety practice and certificate refresher',
      titleZh: '电梯安全实操与证书复训',
      area: 'safety',
      format: 'hands_on',
      audience: ['technician'],
      skills: ['elevator'],
      certification: 'elevator',
      months: [5, 11, 12],
      hours: 8,
    },
    {
      title: 'Data security awareness',
      titleZh: '数据安全意识',
      area: 'data_security',
      format: 'online',
      months: [10, 12],
      hours: 2,
    },
  ],
};

const ROOM_301 = 'Administration building, room 301 / 行政楼301会议室';
const LIFT_ROOM = 'Library east lift machine room / 图书馆东侧电梯机房';
const INSTITUTE = 'Municipal special equipment inspection institute / 市特种设备检验研究院';
const VENDOR = 'Hengtai Software technical support / 恒泰软件技术支持';
const MEETING = 'https://meeting.example.edu.cn/logistics-training';

/** Sessions by course position; times are UTC (09:00 in Beijing is 01:00Z). */
const SESSIONS: ReadonlyArray<{
  key: string;
  course: number;
  startsAt: string;
  hours: number;
  /** `trainer.li` (a user with the trainer role) or an external trainer's name. */
  trainer: string;
  place: { location: string } | { onlineLink: string };
  capacity: number;
  enrol: string[];
  attendance?: Record<string, Attendance>;
}> = [
  {
    key: 'hub-march',
    course: 0,
    startsAt: '2026-03-12T01:00:00Z',
    hours: 2,
    trainer: 'trainer.li',
    place: { location: ROOM_301 },
    capacity: 30,
    enrol: ['tech.zhang', 'tech.zhao', 'tech.wang', 'clerk.chen', 'dorm.liu'],
    attendance: {
      'tech.zhang': 'present',
      'tech.zhao': 'present',
      'tech.wang': 'present',
      'clerk.chen': 'present',
      'dorm.liu': 'late',
    },
  },
  {
    key: 'repair-online',
    course: 1,
    startsAt: '2026-04-16T06:00:00Z',
    hours: 2,
    trainer: VENDOR,
    place: { onlineLink: `${MEETING}/repair-workflow` },
    capacity: 50,
    enrol: ['tech.zhang', 'tech.zhao', 'tech.wang'],
    attendance: { 'tech.zhang': 'present', 'tech.zhao': 'absent', 'tech.wang': 'present' },
  },
  {
    key: 'lift-may',
    course: 3,
    startsAt: '2026-05-20T01:00:00Z',
    hours: 8,
    trainer: INSTITUTE,
    place: { location: LIFT_ROOM },
    capacity: 10,
    enrol: ['tech.zhang', 'tech.zhao'],
    attendance: { 'tech.zhang': 'present', 'tech.zhao': 'present' },
  },
  {
    key: 'data-cases',
    course: 2,
    startsAt: '2026-06-18T06:00:00Z',
    hours: 3,
    trainer: 'trainer.li',
    place: { location: 'Asset office / 资产管理科' },
    capacity: 15,
    enrol: ['clerk.chen'],
    attendance: { 'clerk.chen': 'present' },
  },
  {
    key: 'hub-september',
    course: 0,
    startsAt: '2026-09-10T01:00:00Z',
    hours: 2,
    trainer: 'trainer.li',
    place: { location: ROOM_301 },
    capacity: 30,
    enrol: ['dorm.liu'],
    // Zhao joins for re-training after failing the March exam (added by the result itself).
    attendance: { 'dorm.liu': 'present', 'tech.zhao': 'present' },
  },
  {
    key: 'security-october',
    course: 4,
    startsAt: '2026-10-15T06:00:00Z',
    hours: 2,
    trainer: 'trainer.li',
    place: { onlineLink: `${MEETING}/data-security` },
    capacity: 60,
    enrol: ['tech.zhang', 'tech.zhao', 'tech.wang', 'clerk.chen', 'dorm.liu'],
    attendance: {
      'tech.zhang': 'present',
      'tech.zhao': 'present',
      'tech.wang': 'excused',
      'clerk.chen': 'present',
      'dorm.liu': 'present',
    },
  },
  {
    key: 'lift-november',
    course: 3,
    startsAt: '2026-11-18T01:00:00Z',
    hours: 8,
    trainer: INSTITUTE,
    place: { location: LIFT_ROOM },
    capacity: 10,
    enrol: ['tech.zhang', 'tech.zhao'],
    attendance: { 'tech.zhang': 'present', 'tech.zhao': 'present' },
  },
  {
    key: 'security-december',
    course: 4,
    startsAt: '2026-12-09T06:00:00Z',
    hours: 2,
    trainer: 'trainer.li',
    place: { onlineLink: `${MEETING}/data-security-2` },
    capacity: 60,
    enrol: ['tech.wang'],
  },
  {
    key: 'lift-december',
    course: 3,
    startsAt: '2026-12-16T01:00:00Z',
    hours: 8,
    trainer: INSTITUTE,
    place: { location: LIFT_ROOM },
    capacity: 10,
    enrol: [],
  },
];

const EXAMS: ReadonlyArray<{
  course: number;
  title: string;
  titleZh: string;
  kind: 'theory' | 'practical';
  area: 'system_skills' | 'data_accuracy' | 'safety';
  skill: string;
  certification?: string;
  heldOn: string;
  scores: Record<string, number>;
}> = [
  {
    course: 0,
    title: 'System operation theory exam',
    titleZh: '系统操作理论考试',
    kind: 'theory',
    area: 'system_skills',
    skill: 'system_operation',
    heldOn: '2026-03-19',
    scores: { 'clerk.chen': 92, 'tech.zhang': 78, 'tech.wang': 81, 'dorm.liu': 64, 'tech.zhao': 55 },
  },
  {
    course: 2,
    title: 'Repair and asset data accuracy check',
    titleZh: '维修与资产数据准确性实操考核',
    kind: 'practical',
    area: 'data_accuracy',
    skill: 'data_entry',
    heldOn: '2026-06-25',
    scores: { 'clerk.chen': 88 },
  },
  {
    course: 0,
    title: 'System operation re-sit',
    titleZh: '系统操作补考',
    kind: 'theory',
    area: 'system_skills',
    skill: 'system_operation',
    heldOn: '2026-09-17',
    scores: { 'tech.zhao': 72 },
  },
  {
    course: 3,
    title: 'Elevator safety practical check',
    titleZh: '电梯安全实操考核',
    kind: 'practical',
    area: 'safety',
    skill: 'elevator',
    certification: 'elevator',
    heldOn: '2026-11-19',
    scores: { 'tech.zhang': 86, 'tech.zhao': 52 },
  },
];

export interface TrainingDemoDeps {
  identity: IdentityService;
  approvals: ApprovalService;
  training: TrainingService;
}

export interface TrainingDemoSummary {
  seeded: boolean;
  planId: number | null;
  users: Record<string, number>;
  sessions: number;
  exams: number;
  results: number;
}

function actorOf(id: number, person: DemoPerson): Actor {
  return { userId: id, name: person.displayName, roles: person.roles, departmentId: DEPARTMENT.id };
}

/**
 * The 2026 training year of the demo, entered through the services exactly as people would
 * (validated, audited, approved): staff with skills and certificates, requirements, two skill
 * assessments, the approved plan with nine sessions (seven held), and four exams whose results
 * show recognition, a re-training and passed re-sit, a renewed elevator certificate and a
 * suspended one (Zhao, now out of elevator dispatch and enrolled in the December refresher).
 * Deterministic, and idempotent: a second run finds the 2026 plan and does nothing.
 */
export async function seedTrainingDemo(deps: TrainingDemoDeps, options: { password: string }): Promise<TrainingDemoSummary> {
  const { identity, approvals, training } = deps;
  const system = systemActor('demo');
  const existing = await training.plans.listPlans({ year: TRAINING_DEMO_PLAN.year, limit: 1 });
  if (existing.length > 0)
    return { seeded: false, planId: Number(existing[0]?.id), users: {}, sessions: 0, exams: 0, results: 0 };

  if (!(await identity.listDepartments()).some((d) => d.id === DEPARTMENT.id)) await identity.saveDepartment(system, DEPARTMENT);
  const users: Record<string, number> = {};
  const actors = new Map<string, Actor>();
  for (const person of TRAINING_DEMO_PEOPLE) {
    const found = (await identity.listUsers({ q: person.username, limit: 50 })).find((u) => u.username === person.username);
    let id = found ? Number(found.id) : 0;
    if (!found) {
      id = Number(
        (
          await identity.createUser(system, {
            username: person.username,
            displayName: person.displayName,
            password: options.password,
            roles: person.roles,
            departmentId: DEPARTMENT.id,
          })
        ).id,
      );
      if (person.skills.length > 0) await identity.setSkills(system, id, person.skills);
      for (const cert of person.certifications) await identity.addCertification(system, { userId: id, ...cert });
    }
    users[person.username] = id;
    actors.set(person.username, actorOf(id, person));
  }
  const user = (username: string) => {
    const id = users[username];
    if (id === undefined) throw new Error(`demo user ${username} missing`);
    return id;
  };
  const trainer = actors.get('trainer.li') ?? system;

  const known = await training.qualifications.listRequirements();
  for (const requirement of TRAINING_DEMO_REQUIREMENTS) {
    const same = known.some(
      (r) =>
        r.scope === requirement.scope &&
        r.target === requirement.target &&
        r.kind === requirement.kind &&
        r.name === requirement.name,
    );
    if (!same) await training.qualifications.addRequirement(trainer, requirement);
  }
  await training.qualifications.recordAssessment(trainer, {
    userId: user('tech.zhao'),
    assessedOn: '2026-02-20',
    scores: [
      { skill: 'elevator', level: 2, comment: 'Needs supervision for landing-door adjustment / 层门调整需在指导下完成' },
      { skill: 'system_operation', level: 1, comment: 'Cannot yet close a ticket with parts / 尚不能独立录入备件并关闭工单' },
    ],
    note: 'Annual skill assessment 2026 / 2026年度技能评估',
  });
  await training.qualifications.recordAssessment(trainer, {
    userId: user('clerk.chen'),
    assessedOn: '2026-02-21',
    scores: [
      { skill: 'data_entry', level: 3 },
      { skill: 'system_operation', level: 2 },
    ],
    note: 'Annual skill assessment 2026 / 2026年度技能评估',
  });

  const created = await training.plans.createPlan(trainer, TRAINING_DEMO_PLAN);
  const planId = Number(created.id);
  const submitted = await training.plans.submitPlan(trainer, planId);
  await approvals.decide(system, Number(submitted.approval_id), 'approve', 'Approved for 2026 / 同意实施');
  await training.plans.startPlan(trainer, planId);
  const { courses } = await training.plans.getPlan(planId);
  const courseId = (position: number) => Number(courses[position]?.id);

  const sessionIds = new Map<string, number>();
  for (const s of SESSIONS) {
    const startsAt = new Date(s.startsAt);
    const session = await training.plans.scheduleSession(trainer, {
      planId,
      courseId: courseId(s.course),
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + s.hours * 3_600_000).toISOString(),
      ...(s.trainer === 'trainer.li' ? { trainerId: user('trainer.li') } : { externalTrainer: s.trainer }),
      ...s.place,
      capacity: s.capacity,
    });
    sessionIds.set(s.key, Number(session.id));
    if (s.enrol.length > 0) await training.plans.enrol(trainer, Number(session.id), s.enrol.map(user));
  }

  let results = 0;
  const sitExam = async (exam: (typeof EXAMS)[number]) => {
    const row = await training.results.createExam(trainer, {
      courseId: courseId(exam.course),
      title: exam.title,
      titleZh: exam.titleZh,
      kind: exam.kind,
      area: exam.area,
      skill: exam.skill,
      ...(exam.certification ? { certification: exam.certification } : {}),
      maxScore: 100,
      passMark: 60,
      heldOn: exam.heldOn,
    });
    const recorded = await training.results.recordResults(
      trainer,
      Number(row.id),
      Object.entries(exam.scores).map(([username, score]) => ({ userId: user(username), score })),
    );
    results += recorded.length;
  };
  // In time order: the March failure places Zhao in the September session before its attendance.
  const [march, ...later] = EXAMS;
  if (march) await sitExam(march);
  for (const s of SESSIONS) {
    if (!s.attendance) continue;
    await training.plans.recordAttendance(
      trainer,
      sessionIds.get(s.key) ?? 0,
      Object.entries(s.attendance).map(([username, attendance]) => ({ userId: user(username), attendance })),
    );
  }
  for (const exam of later) await sitExam(exam);
  return { seeded: true, planId, users, sessions: SESSIONS.length, exams: EXAMS.length, results };
}

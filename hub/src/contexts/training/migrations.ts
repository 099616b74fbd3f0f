import type { Migration } from '@campus/storage';

/**
 * Staff training (TRN-1..5). Skills and certifications themselves live in the identity context
 * (staff_skills, certifications); these tables hold what training adds: requirements, skill
 * assessments, annual plans with their courses, sessions with enrolment and attendance, exams
 * with results, and the performance entries results feed. Lists are read in keyset order, each
 * backed by an index that ends in the order's columns.
 */
export const TRAINING_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'training requirements, assessments, plans, sessions, exams, results, performance',
    up: () => `
      CREATE TABLE training_requirements (
        id bigserial PRIMARY KEY,
        scope text NOT NULL CHECK (scope IN ('role', 'job')),
        target text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('skill', 'certification')),
        name text NOT NULL,
        min_level integer CHECK (min_level BETWEEN 1 AND 5),
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'skill') = (min_level IS NOT NULL)),
        UNIQUE (scope, target, kind, name)
      );
      CREATE TABLE training_assessments (
        id bigserial PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id),
        department_id text REFERENCES departments (id),
        assessor_id bigint REFERENCES users (id),
        assessor_name text NOT NULL,
        assessed_on date NOT NULL,
        note text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX training_assessments_user ON training_assessments (user_id, id);
      CREATE INDEX training_assessments_department ON training_assessments (department_id, id);
      CREATE TABLE training_assessment_scores (
        assessment_id bigint NOT NULL REFERENCES training_assessments (id),
        skill text NOT NULL,
        level integer NOT NULL CHECK (level BETWEEN 1 AND 5),
        previous_level integer,
        comment text,
        PRIMARY KEY (assessment_id, skill)
      );
      CREATE TABLE training_plans (
        id bigserial PRIMARY KEY,
        year integer NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
        title text NOT NULL,
        title_zh text,
        goals text[] NOT NULL,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'in_progress', 'closed')),
        approval_id bigint,
        return_reason text,
        summary text,
        created_by bigint REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        approved_at timestamptz,
        started_at timestamptz,
        closed_at timestamptz
      );
      CREATE INDEX training_plans_status ON training_plans (status, id);
      CREATE TABLE training_courses (
        id bigserial PRIMARY KEY,
        plan_id bigint NOT NULL REFERENCES training_plans (id),
        position integer NOT NULL,
        title text NOT NULL,
        title_zh text,
        area text NOT NULL CHECK (area IN ('system_skills', 'process_use', 'data_accuracy', 'data_security', 'safety')),
        format text NOT NULL CHECK (format IN ('class', 'online', 'hands_on', 'case_study')),
        audience text[] NOT NULL,
        skills text[] NOT NULL,
        certification text,
        months integer[] NOT NULL,
        hours numeric(6,1) NOT NULL CHECK (hours > 0),
        UNIQUE (plan_id, position)
      );
      CREATE TABLE training_sessions (
        id bigserial PRIMARY KEY,
        plan_id bigint NOT NULL REFERENCES training_plans (id),
        course_id bigint NOT NULL REFERENCES training_courses (id),
        format text NOT NULL CHECK (format IN ('class', 'online', 'hands_on', 'case_study')),
        trainer_id bigint REFERENCES users (id),
        external_trainer text,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        location text,
        online_link text,
        capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
        cancel_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK ((trainer_id IS NULL) <> (external_trainer IS NULL))
      );
      CREATE INDEX training_sessions_starts ON training_sessions (starts_at, id);
      CREATE INDEX training_sessions_plan ON training_sessions (plan_id, starts_at, id);
      CREATE INDEX training_sessions_course ON training_sessions (course_id, starts_at);
      CREATE INDEX training_sessions_trainer ON training_sessions (trainer_id, starts_at);
      CREATE TABLE training_enrolments (
        session_id bigint NOT NULL REFERENCES training_sessions (id),
        user_id bigint NOT NULL REFERENCES users (id),
        reason text NOT NULL DEFAULT 'planned' CHECK (reason IN ('planned', 'retraining')),
        attendance text CHECK (attendance IN ('present', 'late', 'absent', 'excused')),
        note text,
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        recorded_at timestamptz,
        PRIMARY KEY (session_id, user_id)
      );
      CREATE INDEX training_enrolments_user ON training_enrolments (user_id, session_id);
      CREATE TABLE training_exams (
        id bigserial PRIMARY KEY,
        plan_id bigint REFERENCES training_plans (id),
        course_id bigint REFERENCES training_courses (id),
        title text NOT NULL,
        title_zh text,
        kind text NOT NULL CHECK (kind IN ('theory', 'practical')),
        area text NOT NULL CHECK (area IN ('system_skills', 'process_use', 'data_accuracy', 'data_security', 'safety')),
        skill text,
        certification text,
        validity_months integer CHECK (validity_months BETWEEN 1 AND 120),
        max_score numeric(6,2) NOT NULL CHECK (max_score > 0),
        pass_mark numeric(6,2) NOT NULL,
        excellence_mark numeric(6,2) NOT NULL,
        held_on date NOT NULL,
        created_by bigint REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (pass_mark > 0 AND pass_mark <= max_score),
        CHECK (excellence_mark >= pass_mark AND excellence_mark <= max_score),
        CHECK ((certification IS NULL) = (validity_months IS NULL))
      );
      CREATE INDEX training_exams_plan ON training_exams (plan_id, id);
      CREATE INDEX training_exams_certification ON training_exams (certification, id) WHERE certification IS NOT NULL;
      CREATE TABLE training_results (
        id bigserial PRIMARY KEY,
        exam_id bigint NOT NULL REFERENCES training_exams (id),
        user_id bigint NOT NULL REFERENCES users (id),
        score numeric(6,2) NOT NULL CHECK (score >= 0),
        passed boolean NOT NULL,
        note text,
        graded_by bigint REFERENCES users (id),
        grader_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (exam_id, user_id)
      );
      CREATE INDEX training_results_user ON training_results (user_id, id);
      CREATE TABLE training_performance (
        id bigserial PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id),
        department_id text REFERENCES departments (id),
        result_id bigint NOT NULL UNIQUE REFERENCES training_results (id),
        topic text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('recognition', 'pass', 'reassessment', 'referral')),
        retraining boolean NOT NULL,
        reassessment_due_on date,
        retraining_session_id bigint REFERENCES training_sessions (id),
        certification_effect text CHECK (certification_effect IN ('granted', 'renewed', 'suspended', 'blocked_revoked')),
        certification_id bigint,
        settled_at timestamptz,
        settled_by bigint REFERENCES training_performance (id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX training_performance_user ON training_performance (user_id, id);
      CREATE INDEX training_performance_department ON training_performance (department_id, id);
      CREATE INDEX training_performance_outcome ON training_performance (outcome, id);
      CREATE INDEX training_performance_open ON training_performance (user_id, topic) WHERE settled_at IS NULL AND outcome IN ('reassessment', 'referral');
      CREATE INDEX training_performance_open_list ON training_performance (id) WHERE settled_at IS NULL AND outcome IN ('reassessment', 'referral');`,
  },
];

-- A fourth clock: while a lead is open in sales, its owner records a follow-up (a call or a note) at least every
-- five working days; each follow-up starts the next clock.
alter table sla_policy drop constraint sla_policy_kind;
alter table sla_policy add constraint sla_policy_kind
    check (kind in ('MQL_RESPONSE', 'TRANSFER_ANSWER', 'FIRST_CONTACT', 'FOLLOW_UP'));
insert into sla_policy (kind, segment, target_minutes, remind_before_minutes, escalate, take_back, updated_at, updated_by)
values ('FOLLOW_UP', '*', 2400, 480, true, false, now(), 'system');

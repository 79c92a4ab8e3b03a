/**
 * SLA clocks (服务时限): how fast each step between the departments must happen, counted in the assignee's business
 * hours — an MQL worked by an SDR, a transfer answered by the rep, the first contact after acceptance. Clocks start
 * and stop in the same transaction as the change that starts or stops them; they remind before the deadline,
 * escalate to the manager at breach and may take a neglected MQL back to the queue. Events: {@link
 * io.tandem.sla.SlaReminderDue}, {@link io.tandem.sla.SlaBreached}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "SLA (clocks, reminders, escalation)")
package io.tandem.sla;

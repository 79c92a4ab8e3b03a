/**
 * The lifecycle (漏斗阶段): the stages of the B2B demand waterfall — Lead → MQL → SAL → SQL → Opportunity → Won or Lost,
 * with Nurture and Disqualified beside them — and the explicit table of transitions between them. Admins rename
 * stages in both languages and add intermediate ones. Leads move through stages in the lead module's aggregate,
 * which asks this module whether a move is allowed.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Lifecycle (stage model)")
package io.tandem.lifecycle;

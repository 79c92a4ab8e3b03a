/**
 * Audit: who created, changed, merged, exported or deleted what, when and from where. Other modules write through
 * {@link io.tandem.audit.AuditLog} inside their own transactions, so an action and its audit row commit together.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package io.tandem.audit;

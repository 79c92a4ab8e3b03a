/**
 * Capture: every way leads come in — the REST API (single, batch, idempotent), hosted web forms with consent, and
 * spreadsheet imports (CSV in UTF-8 or GBK, Excel) with column mapping, dry run and a background job.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Capture (API, forms, import)")
package io.tandem.capture;

/**
 * The built-in sales workspace (商机池) for companies without an external CRM: opportunities converted from
 * sales-qualified leads, with pipeline stages, amount, close date, probability, the buying group, follow-ups, lost
 * reasons, and the order (订单) a won opportunity creates. Every opportunity keeps its leads and their campaigns so
 * revenue traces back to marketing. External CRMs will hear the same events.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Opportunity (sales workspace)")
package io.tandem.opportunity;

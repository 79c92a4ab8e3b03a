/**
 * The CRM bridge (转出到 CRM): connectors to the company's own CRM (Salesforce, HubSpot, any other through a signed
 * webhook) beside Tandem's built-in sales workspace. A qualified lead transferred out — by an SDR or by a connector's
 * automatic rule — reaches the CRM through the outbox and a durable delivery queue (upsert by Tandem's id, retries,
 * an API budget); what sales does with it there comes back as Tandem stage moves and opportunity records with the CRM
 * as actor. See docs/adr/0015. Event: {@link io.tandem.connectors.LeadTransferredOut},
 * {@link io.tandem.connectors.CrmDeliveryGaveUp}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Connectors (CRM bridge)")
package io.tandem.connectors;

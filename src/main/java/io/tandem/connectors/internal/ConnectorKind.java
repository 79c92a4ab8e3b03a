package io.tandem.connectors.internal;

/** The CRMs Tandem speaks to; anything else goes through the signed webhook. */
public enum ConnectorKind {
    SALESFORCE, HUBSPOT, WEBHOOK
}

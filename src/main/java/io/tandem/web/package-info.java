/**
 * The web shell: sign-in page and the start page that sums up the lead pool. Every module serves its own pages; this
 * one only ties them together.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web shell")
package io.tandem.web;

package io.tandem.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.security.access.prepost.PreAuthorize;

/** The marketing lead pool is open to marketing, SDRs, sales managers, executives and admins. */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@PreAuthorize("hasAnyRole('ADMIN','MARKETING','SDR','SALES_MANAGER','EXECUTIVE')")
public @interface CanReadLeads {
}

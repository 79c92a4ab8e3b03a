package io.tandem.lead.web;

import java.util.Map;

import io.tandem.lead.LeadData;

/** The lead edit form. Custom field inputs arrive as {@code custom.<key>} parameters. */
public record LeadForm(String name, String email, String phone, String company, String title, String industry,
        String companySize, String province, String city, String country) {

    LeadData toLeadData(Map<String, Object> custom) {
        return LeadData.builder().name(name).email(email).phone(phone).company(company).title(title)
                .industry(industry).companySize(companySize).province(province).city(city).country(country)
                .custom(custom).build();
    }
}

package io.tandem.lead;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a channel knows about a person. Blank values never erase what Tandem already knows; identity comes from the
 * email address, the mobile number or the anonymous visitor id.
 *
 * @param source the original source code (e.g. {@code web_form}, {@code trade_show}); kept from the first capture
 * @param capturedAt when the person was captured, for imported history; {@code null} means now
 */
public record LeadData(String name, String email, String phone, String company, String title, String industry,
        String companySize, String province, String city, String country, String source, String sourceDetail,
        UUID campaignId, Set<String> tags, Map<String, Object> custom, String anonymousId, Instant capturedAt,
        UUID ownerId) {

    public LeadData {
        tags = tags == null ? Set.of() : tags;
        custom = custom == null ? Map.of() : custom;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** For channels that fill fields one by one (import, forms, demo data). */
    public static final class Builder {
        private String name, email, phone, company, title, industry, companySize, province, city, country, source,
                sourceDetail, anonymousId;
        private UUID campaignId, ownerId;
        private Set<String> tags = Set.of();
        private Map<String, Object> custom = Map.of();
        private Instant capturedAt;

        public Builder name(String v) { name = v; return this; }
        public Builder email(String v) { email = v; return this; }
        public Builder phone(String v) { phone = v; return this; }
        public Builder company(String v) { company = v; return this; }
        public Builder title(String v) { title = v; return this; }
        public Builder industry(String v) { industry = v; return this; }
        public Builder companySize(String v) { companySize = v; return this; }
        public Builder province(String v) { province = v; return this; }
        public Builder city(String v) { city = v; return this; }
        public Builder country(String v) { country = v; return this; }
        public Builder source(String v) { source = v; return this; }
        public Builder sourceDetail(String v) { sourceDetail = v; return this; }
        public Builder campaignId(UUID v) { campaignId = v; return this; }
        public Builder ownerId(UUID v) { ownerId = v; return this; }
        public Builder tags(Set<String> v) { tags = v; return this; }
        public Builder custom(Map<String, Object> v) { custom = v; return this; }
        public Builder anonymousId(String v) { anonymousId = v; return this; }
        public Builder capturedAt(Instant v) { capturedAt = v; return this; }

        public Builder set(LeadField field, String value) {
            switch (field) {
                case NAME -> name = value;
                case EMAIL -> email = value;
                case PHONE -> phone = value;
                case COMPANY -> company = value;
                case TITLE -> title = value;
                case INDUSTRY -> industry = value;
                case COMPANY_SIZE -> companySize = value;
                case PROVINCE -> province = value;
                case CITY -> city = value;
                case COUNTRY -> country = value;
                case SOURCE -> source = value;
                case SOURCE_DETAIL -> sourceDetail = value;
            }
            return this;
        }

        public LeadData build() {
            return new LeadData(name, email, phone, company, title, industry, companySize, province, city, country,
                    source, sourceDetail, campaignId, tags, custom, anonymousId, capturedAt, ownerId);
        }
    }
}

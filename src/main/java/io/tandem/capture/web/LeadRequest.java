package io.tandem.capture.web;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tandem.campaign.MemberStatus;
import io.tandem.lead.LeadData;

/** A lead as clients send it. Unknown fields are refused. */
@Schema(description = "A person to create or merge into the lead pool. Identified by email, mobile phone or anonymousId.")
public record LeadRequest(
        @Schema(example = "王芳") String name,
        @Schema(example = "wang.fang@example.cn") String email,
        @Schema(example = "+86 138 0013 8000", description = "Normalised to E.164; mainland China is the default region")
        String phone,
        @Schema(example = "示例科技有限公司") String company,
        @Schema(example = "IT Director") String title,
        String industry,
        @Schema(example = "200-999") String companySize,
        @Schema(example = "浙江") String province,
        String city,
        String country,
        @Schema(example = "trade_show", description = "Original source code; default 'api'") String source,
        String sourceDetail,
        UUID campaignId,
        @Schema(description = "Membership status in the campaign; default RESPONDED") MemberStatus campaignStatus,
        Set<String> tags,
        @Schema(description = "Values of custom fields defined by an admin, by key") Map<String, Object> custom,
        @Schema(description = "Web visitor id; links the visitor's earlier anonymous activities") String anonymousId,
        @Schema(description = "When the person was captured, for historical data; default now") Instant capturedAt) {

    LeadData toLeadData() {
        return new LeadData(name, email, phone, company, title, industry, companySize, province, city, country,
                source, sourceDetail, campaignId, tags, custom, anonymousId, capturedAt, null);
    }
}

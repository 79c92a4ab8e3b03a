package io.tandem.capture.internal.imports;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.tandem.lead.CustomFieldDefinition;
import io.tandem.lead.LeadField;

/** Guesses the target of each column from its header, in English or Chinese. */
final class HeaderSuggestions {

    private static final Map<String, ImportTarget> SYNONYMS = new LinkedHashMap<>();

    static {
        add(ImportTarget.field(LeadField.NAME), "name", "fullname", "contact", "contactname", "姓名", "名字", "联系人",
                "客户姓名", "联系人姓名");
        add(ImportTarget.field(LeadField.EMAIL), "email", "e-mail", "mail", "emailaddress", "邮箱", "电子邮件",
                "电子邮箱", "邮件", "邮箱地址");
        add(ImportTarget.field(LeadField.PHONE), "phone", "mobile", "mobilephone", "cell", "cellphone", "telephone",
                "tel", "phonenumber", "手机", "手机号", "手机号码", "电话", "联系电话", "移动电话", "联系方式");
        add(ImportTarget.field(LeadField.COMPANY), "company", "companyname", "organization", "organisation",
                "account", "accountname", "公司", "公司名称", "单位", "企业", "企业名称", "工作单位", "客户名称");
        add(ImportTarget.field(LeadField.TITLE), "title", "jobtitle", "position", "role", "职位", "职务", "头衔",
                "岗位");
        add(ImportTarget.field(LeadField.INDUSTRY), "industry", "行业", "所属行业");
        add(ImportTarget.field(LeadField.COMPANY_SIZE), "companysize", "employees", "size", "headcount", "公司规模",
                "企业规模", "规模", "人数", "员工人数");
        add(ImportTarget.field(LeadField.PROVINCE), "province", "state", "region", "省份", "省", "地区", "所在省份",
                "省市");
        add(ImportTarget.field(LeadField.CITY), "city", "城市", "市", "所在城市");
        add(ImportTarget.field(LeadField.COUNTRY), "country", "国家", "国家地区");
        add(ImportTarget.field(LeadField.SOURCE), "source", "leadsource", "来源", "线索来源", "渠道", "来源渠道");
        add(ImportTarget.field(LeadField.SOURCE_DETAIL), "sourcedetail", "来源详情", "来源明细", "渠道明细");
        add(new ImportTarget(ImportTarget.Kind.TAGS, null), "tags", "tag", "标签");
        add(new ImportTarget(ImportTarget.Kind.CAMPAIGN_STATUS, null), "status", "memberstatus", "attendance",
                "状态", "参会状态", "成员状态");
        add(new ImportTarget(ImportTarget.Kind.CAPTURED_AT, null), "created", "createdat", "createddate", "date",
                "capturedat", "registered", "registrationdate", "创建时间", "创建日期", "日期", "登记时间", "报名时间",
                "注册时间");
    }

    private HeaderSuggestions() {
    }

    private static void add(ImportTarget target, String... headers) {
        for (String header : headers) {
            SYNONYMS.put(normalise(header), target);
        }
    }

    static String normalise(String header) {
        String folded = Normalizer.normalize(header == null ? "" : header, Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        folded.codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** One suggestion per column; a target is suggested only once, to the first column that fits it. */
    static List<ImportTarget> suggest(List<String> header, List<CustomFieldDefinition> customFields) {
        Map<String, ImportTarget> custom = new LinkedHashMap<>();
        for (CustomFieldDefinition field : customFields) {
            ImportTarget target = new ImportTarget(ImportTarget.Kind.CUSTOM, field.key());
            custom.put(normalise(field.key()), target);
            custom.put(normalise(field.labelEn()), target);
            custom.put(normalise(field.labelZh()), target);
        }
        Set<String> used = new HashSet<>();
        List<ImportTarget> suggestions = new ArrayList<>();
        for (String column : header) {
            String key = normalise(column);
            ImportTarget target = SYNONYMS.getOrDefault(key, custom.get(key));
            if (target == null || !used.add(target.code())) {
                target = key.isEmpty() ? ImportTarget.IGNORE : new ImportTarget(ImportTarget.Kind.NEW_CUSTOM, null);
            }
            suggestions.add(target);
        }
        return suggestions;
    }
}

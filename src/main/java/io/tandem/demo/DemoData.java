package io.tandem.demo;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.tandem.handoff.Handoffs;
import io.tandem.handoff.Qualification;
import io.tandem.handoff.RejectionReason;
import io.tandem.lead.LeadStages;
import io.tandem.lead.LeadSummary;
import io.tandem.lifecycle.Stage;
import io.tandem.opportunity.LostReason;
import io.tandem.opportunity.Opportunities;
import io.tandem.opportunity.OpportunityTerms;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.activity.ActivityRecorder;
import io.tandem.activity.ActivityType;
import io.tandem.activity.NewActivity;
import io.tandem.campaign.CampaignStatus;
import io.tandem.campaign.CampaignType;
import io.tandem.campaign.MemberStatus;
import io.tandem.campaign.CampaignSummary;
import io.tandem.campaign.CampaignDetails;
import io.tandem.campaign.CampaignManagement;
import io.tandem.capture.CaptureItem;
import io.tandem.capture.LeadCapture;
import io.tandem.lead.CaptureChannel;
import io.tandem.lead.CaptureContext;
import io.tandem.lead.CustomFieldCatalog;
import io.tandem.lead.CustomFieldDefinition;
import io.tandem.lead.CustomFieldType;
import io.tandem.lead.IntakeResult;
import io.tandem.lead.LeadData;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.PersonRef;
import io.tandem.security.NewUser;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserDirectory;
import io.tandem.shared.Actor;
import io.tandem.shared.db.Transactions;

/** Generates the demo lead pool. The random seed is fixed, so every newcomer sees the same company. */
@Component
public class DemoData {

    public static final String DEMO_PASSWORD = "demo-password-2026";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final Actor DEMO = new Actor(null, "demo-data", "system");

    private static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马",
            "朱", "胡", "郭", "何", "林", "高", "罗" };
    private static final String[] GIVEN = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
            "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "晨", "欣怡", "子涵", "浩然", "雨萱", "思远" };
    private static final String[] PINYIN_SURNAMES = { "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao",
            "wu", "zhou", "xu", "sun", "ma", "zhu", "hu", "guo", "he", "lin", "gao", "luo" };
    private static final String[] WESTERN_FIRST = { "Anna", "Ben", "Clara", "David", "Emma", "Felix", "Grace", "Henry",
            "Iris", "Jonas", "Laura", "Marc", "Nina", "Oliver", "Sofia", "Tom" };
    private static final String[] WESTERN_LAST = { "Schmidt", "Miller", "Dubois", "Rossi", "Novak", "Berg", "Jensen",
            "Costa", "Wagner", "Fischer" };
    private static final String[][] COMPANIES = {
            { "华信智造科技有限公司", "huaxin-tech.cn", "制造业" }, { "云帆数据股份有限公司", "yunfan-data.com", "互联网" },
            { "东方汇通物流有限公司", "dfht-logistics.com", "物流" }, { "嘉禾医疗器械有限公司", "jiahe-med.cn", "医疗" },
            { "蓝海新能源集团", "bluesea-energy.com", "能源" }, { "中联金服科技有限公司", "zlfintech.cn", "金融" },
            { "瑞丰食品有限公司", "ruifeng-food.com", "消费品" }, { "博远教育科技有限公司", "boyuan-edu.cn", "教育" },
            { "星辰半导体有限公司", "xingchen-semi.com", "半导体" }, { "恒通汽车零部件有限公司", "hengtong-auto.com", "汽车" },
            { "锦程建设工程有限公司", "jincheng-build.cn", "建筑" }, { "天诚软件有限公司", "tiancheng-soft.com", "软件" },
            { "Nordwind Maschinenbau GmbH", "nordwind.de", "Manufacturing" },
            { "Alpine Analytics AG", "alpine-analytics.ch", "Software" },
            { "Harbor Freight Partners Ltd", "harborfp.co.uk", "Logistics" },
            { "Solace Health Inc.", "solacehealth.com", "Healthcare" } };
    private static final String[] CN_PREFIX = { "华信", "云帆", "东方", "嘉禾", "蓝海", "中联", "瑞丰", "博远", "星辰", "恒通",
            "锦程", "天诚", "明德", "远景", "新锐", "金桥", "鼎盛", "宏图", "安泰", "九州" };
    private static final String[][] CN_BUSINESS = { { "智造科技有限公司", "制造业", "tech" },
            { "数据股份有限公司", "互联网", "data" }, { "物流有限公司", "物流", "logistics" },
            { "医疗器械有限公司", "医疗", "med" }, { "新能源集团", "能源", "energy" }, { "金服科技有限公司", "金融", "fin" },
            { "食品有限公司", "消费品", "food" }, { "教育科技有限公司", "教育", "edu" },
            { "半导体有限公司", "半导体", "semi" }, { "汽车零部件有限公司", "汽车", "auto" } };
    private static final String[] CN_PREFIX_PINYIN = { "huaxin", "yunfan", "dongfang", "jiahe", "lanhai", "zhonglian",
            "ruifeng", "boyuan", "xingchen", "hengtong", "jincheng", "tiancheng", "mingde", "yuanjing", "xinrui",
            "jinqiao", "dingsheng", "hongtu", "antai", "jiuzhou" };
    private static final String[] TITLES = { "IT总监", "首席信息官", "采购经理", "运营总监", "数字化负责人", "市场经理", "工程师",
            "总经理", "财务总监", "CTO", "Head of IT", "Procurement Manager", "Operations Director" };
    private static final String[] PROVINCES = { "北京", "上海", "广东", "浙江", "江苏", "四川", "湖北", "山东", "福建", "天津" };
    private static final String[] SIZES = { "1-49", "50-199", "200-999", "1000-4999", "5000+" };
    private static final String[] FREE_MAIL = { "qq.com", "163.com", "126.com", "gmail.com" };

    private final CampaignManagement campaigns;
    private final LeadCapture capture;
    private final ActivityRecorder activities;
    private final LeadDirectory leads;
    private final UserManagement users;
    private final UserDirectory directory;
    private final CustomFieldCatalog customFields;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ZoneId zone;
    private final LeadStages stages;
    private final Handoffs handoffs;
    private final Opportunities opportunities;
    private final io.tandem.routing.RoutingSetup routing;
    private final io.tandem.analytics.PastHistory history;

    DemoData(CampaignManagement campaigns, LeadCapture capture, ActivityRecorder activities, LeadDirectory leads,
            UserManagement users, UserDirectory directory, CustomFieldCatalog customFields,
            TransactionTemplate transactions, Clock clock, @Value("${tandem.time-zone:Asia/Shanghai}") ZoneId zone,
            LeadStages stages, Handoffs handoffs, Opportunities opportunities,
            io.tandem.routing.RoutingSetup routing, io.tandem.analytics.PastHistory history) {
        this.routing = routing;
        this.history = history;
        this.stages = stages;
        this.handoffs = handoffs;
        this.opportunities = opportunities;
        this.campaigns = campaigns;
        this.capture = capture;
        this.activities = activities;
        this.leads = leads;
        this.users = users;
        this.directory = directory;
        this.customFields = customFields;
        this.transactions = transactions;
        this.clock = clock;
        this.zone = zone;
    }

    public boolean poolIsEmpty() {
        return leads.estimatedTotal() == 0;
    }

    /** @return the number of leads in the pool afterwards */
    public long load(int leadCount) {
        Random random = new Random(20260101L);
        Instant now = clock.instant();
        log.info("Loading demo data: {} leads over six months", leadCount);
        createUsers();
        transactions.executeWithoutResult(tx -> customFields.define(new CustomFieldDefinition("budget_range",
                "Budget range", "预算范围", CustomFieldType.PICKLIST, List.of("<10万", "10-50万", "50-200万", ">200万")),
                DEMO));
        List<CampaignSummary> planned = createCampaigns(now);

        List<Captured> captured = new ArrayList<>();
        List<CaptureItem> batch = new ArrayList<>();
        for (int i = 0; i < leadCount; i++) {
            CampaignSummary campaign = planned.get(random.nextInt(planned.size()));
            Instant at = within(campaign, now, random);
            batch.add(new CaptureItem(person(i, campaign, at, random), statusFor(campaign.type(), random)));
            if (batch.size() == 500 || i == leadCount - 1) {
                List<CaptureItem> items = List.copyOf(batch);
                IntakeResult result = Transactions.retryingOnConflict(transactions, () -> capture.capture(items,
                        new CaptureContext(CaptureChannel.DEMO, DEMO, "demo")));
                result.items().forEach(item -> {
                    if (item.outcome() == IntakeResult.Outcome.CREATED) {
                        LeadData data = items.get(item.index()).data();
                        captured.add(new Captured(item.leadId(), data.capturedAt(), data.campaignId()));
                    }
                });
                batch.clear();
            }
        }
        recordActivities(captured, planned, now, random);
        walkTheWaterfall(captured, random);
        importThePastYear(planned, now, random);
        // After the walk, so that its hand-picked MQLs stay with 张伟; MQLs from here on are routed by weight.
        transactions.executeWithoutResult(tx -> routing.everyMqlToPool("所有新 MQL · Every new MQL",
                "市场部 SDR", Map.of(directory.findByUsername("zhang.wei").orElseThrow().id(), 2,
                        directory.findByUsername("liu.yang").orElseThrow().id(), 1), DEMO));
        long total = leads.estimatedTotal();
        log.info("Demo data loaded: {} leads", total);
        return total;
    }

    /**
     * Walks some leads through the handoff so the SDR's queue, the rep's inbox, the opportunity pool and the closed
     * loop are not empty: MQLs to claim, transfers awaiting an answer, accepted and rejected ones, opportunities,
     * won and lost deals.
     */
    private void walkTheWaterfall(List<Captured> captured, Random random) {
        UUID sdr = directory.findByUsername("zhang.wei").orElseThrow().id();
        UUID rep = directory.findByUsername("chen.jie").orElseThrow().id();
        Actor sdrActs = new Actor(sdr, "zhang.wei", "demo");
        Actor repActs = new Actor(rep, "chen.jie", "demo");
        List<Captured> chosen = new ArrayList<>(captured);
        java.util.Collections.shuffle(chosen, random);
        RejectionReason[] reasons = RejectionReason.values();
        int walked = 0;
        for (Captured lead : chosen.subList(0, Math.min(48, chosen.size()))) {
            int step = walked++;
            try {
                Transactions.retryingOnConflict(transactions, () -> {
                    stages.moveIfAllowed(lead.id(), Stage.MQL, "demo:hand-raiser", "DEMO_REQUESTED", DEMO);
                    if (step < 12) {
                        return null;
                    }
                    handoffs.claim(lead.id(), sdr, sdrActs);
                    handoffs.saveQualification(lead.id(), new Qualification(pick(random, "10-50万", "50-200万", ">200万"),
                            pick(random, "IT总监拍板", "CIO 与 CFO 共同决策", "总经理"), pick(random, "替换老旧 MES",
                                    "统一数据平台", "上云迁移"), pick(random, "本季度", "下季度", "半年内"), Map.of()),
                            sdrActs);
                    if (step < 18) {
                        return null;
                    }
                    UUID handoff = handoffs.transfer(lead.id(), sdr, rep, "已电话沟通，客户希望下周看演示", sdrActs);
                    if (step < 26) {
                        return null;
                    }
                    if (step < 32) {
                        RejectionReason reason = reasons[step % reasons.length];
                        handoffs.reject(handoff, rep, reason, reason == RejectionReason.OTHER ? "已有合作伙伴在跟进"
                                : null, repActs);
                        return null;
                    }
                    handoffs.accept(handoff, rep, repActs);
                    if (step < 38) {
                        return null;
                    }
                    stages.move(lead.id(), Stage.SQL, "需求明确，预算已批", "demo", repActs);
                    UUID opportunity = opportunities.convert(lead.id(), new OpportunityTerms(companyOf(lead.id()) + " 项目", BigDecimal.valueOf(50_000L + random.nextInt(40) * 25_000L),
                            "CNY", LocalDate.now(clock.withZone(zone)).plusDays(30 + random.nextInt(90)), null),
                            repActs);
                    if (step >= 42 && step < 46) {
                        opportunities.win(opportunity, null, LocalDate.now(clock.withZone(zone)), repActs);
                    } else if (step >= 46) {
                        opportunities.lose(opportunity, LostReason.values()[step % LostReason.values().length],
                                "客户选择了其他方案", repActs);
                    } else {
                        opportunities.advance(opportunity, "PROPOSAL", repActs);
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                // A lead the scoring moved meanwhile is simply left where it stands.
                log.debug("Demo walk skipped lead {}: {}", lead.id(), e.getMessage());
            }
        }
    }

    /**
     * Half a year of history before the live pool, as a company brings its spreadsheet in through the history import:
     * leads with the days they reached each stage, and the deals of those that became opportunities. The dashboards'
     * year, velocity and the planner's conversions and cycle times then have a past to learn from (the live leads all
     * moved on the day the demo was loaded).
     */
    private void importThePastYear(List<CampaignSummary> planned, Instant now, Random random) {
        int count = 600;
        StringBuilder leadsCsv = new StringBuilder(
                "email,phone,name,company,title,industry,region,source,created,mql,sal,sql,opportunity,won,lost,"
                        + "disqualified,sdr,owner\n");
        StringBuilder dealsCsv = new StringBuilder("email,deal,amount,currency,opened,won,lost,owner\n");
        for (int i = 0; i < count; i++) {
            Instant created = now.minus(Duration.ofDays(190 + random.nextInt(175))).minus(Duration.ofHours(
                    random.nextInt(10)));
            LeadData lead = person(100_000 + i, planned.get(random.nextInt(planned.size())), created, random);
            Instant[] at = new Instant[7]; // mql, sal, sql, opportunity, won, lost, disqualified
            if (random.nextInt(100) < 35) {
                at[0] = days(created, 1 + random.nextInt(14));
                if (random.nextInt(100) < 55) {
                    at[1] = days(at[0], 1 + random.nextInt(5));
                    if (random.nextInt(100) < 70) {
                        at[2] = days(at[1], 3 + random.nextInt(12));
                        if (random.nextInt(100) < 65 && lead.email() != null) {
                            at[3] = days(at[2], random.nextInt(4));
                            int outcome = random.nextInt(100);
                            if (outcome < 35) {
                                at[4] = days(at[3], 20 + random.nextInt(56));
                            } else if (outcome < 60) {
                                at[5] = days(at[3], 20 + random.nextInt(41));
                            }
                        }
                    }
                } else if (random.nextInt(100) < 20) {
                    at[6] = days(at[0], 2 + random.nextInt(9));
                }
            }
            for (int s = 0; s < at.length; s++) {
                if (at[s] != null && at[s].isAfter(now.minus(Duration.ofDays(1)))) {
                    at[s] = null; // not yet
                }
            }
            leadsCsv.append(csv(lead.email(), lead.phone(), lead.name(), lead.company(), lead.title(),
                    lead.industry(), lead.province(), lead.source(), day(created), day(at[0]), day(at[1]),
                    day(at[2]), day(at[3]), day(at[4]), day(at[5]), day(at[6]), at[0] == null ? null : "zhang.wei",
                    at[1] == null ? null : "chen.jie"));
            if (at[3] != null) {
                dealsCsv.append(csv(lead.email(), lead.company() + " 项目",
                        String.valueOf(50_000 + random.nextInt(40) * 25_000), "CNY", day(at[3]), day(at[4]),
                        day(at[5]), "chen.jie"));
            }
        }
        int leadRows = history.importLeads("past-year-leads.csv",
                leadsCsv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), DEMO);
        int dealRows = history.importDeals("past-year-deals.csv",
                dealsCsv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), DEMO);
        log.info("Demo history imported: {} leads and {} deals of the half year before", leadRows, dealRows);
    }

    private static Instant days(Instant from, int days) {
        return from.plus(Duration.ofDays(days)).plus(Duration.ofHours(1));
    }

    private String day(Instant at) {
        return at == null ? null : java.time.LocalDateTime.ofInstant(at, zone)
                .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm"));
    }

    private static String csv(String... cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i] == null ? "" : cells[i];
            line.append(i == 0 ? "" : ",").append('"').append(cell.replace("\"", "\"\"")).append('"');
        }
        return line.append('\n').toString();
    }

    private String companyOf(UUID leadId) {
        LeadSummary lead = leads.summaries(List.of(leadId)).get(leadId);
        return lead == null || lead.company() == null ? "新" : lead.company();
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }

    private void createUsers() {
        record Sample(String username, String name, Set<Role> roles, String team) {
        }
        List<Sample> samples = List.of(new Sample("li.na", "李娜 (市场)", EnumSet.of(Role.MARKETING), "市场部"),
                new Sample("zhang.wei", "张伟 (SDR)", EnumSet.of(Role.SDR), "市场部"),
                new Sample("liu.yang", "刘洋 (SDR)", EnumSet.of(Role.SDR), "市场部"),
                new Sample("chen.jie", "陈杰 (销售)", EnumSet.of(Role.SALES_REP), "华东销售"),
                new Sample("wang.fang", "王芳 (销售经理)", EnumSet.of(Role.SALES_MANAGER), "华东销售"),
                new Sample("zhao.min", "赵敏 (CGO)", EnumSet.of(Role.EXECUTIVE), null));
        Map<String, UUID> teams = new LinkedHashMap<>();
        for (Sample sample : samples) {
            if (sample.team() != null && !teams.containsKey(sample.team())) {
                teams.put(sample.team(), transactions.execute(tx -> users.createTeam(sample.team(), DEMO)));
            }
            if (directory.findByUsername(sample.username()).isEmpty()) {
                transactions.executeWithoutResult(tx -> users.createUser(new NewUser(sample.username(), sample.name(),
                        sample.username() + "@tandem.example", DEMO_PASSWORD, sample.roles(),
                        sample.team() == null ? null : teams.get(sample.team())), DEMO));
            }
        }
    }

    private List<CampaignSummary> createCampaigns(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        record Plan(String name, CampaignType type, String channel, int monthsAgo, int days, int budget, int cost) {
        }
        List<Plan> plans = List.of(
                new Plan("2026 智能制造峰会（上海）", CampaignType.OFFLINE_EVENT, "展会", 5, 2, 300_000, 286_000),
                new Plan("数字化转型白皮书下载", CampaignType.CONTENT, "官网", 5, 150, 40_000, 38_500),
                new Plan("百度搜索推广 Q3", CampaignType.PAID_DIGITAL, "baidu", 4, 90, 120_000, 117_300),
                new Plan("微信公众号直播：AI 质检", CampaignType.WEBINAR, "wechat", 3, 1, 20_000, 18_000),
                new Plan("LinkedIn Ads – DACH", CampaignType.PAID_DIGITAL, "linkedin", 3, 60, 60_000, 52_000),
                new Plan("客户推荐计划", CampaignType.REFERRAL, "referral", 2, 120, 30_000, 12_000),
                new Plan("渠道伙伴联合研讨会（深圳）", CampaignType.PARTNER, "partner", 1, 1, 50_000, 47_500),
                new Plan("季度产品更新邮件", CampaignType.EMAIL, "edm", 0, 20, 5_000, 4_200));
        List<CampaignSummary> created = new ArrayList<>();
        for (Plan plan : plans) {
            LocalDate start = today.minusMonths(plan.monthsAgo()).withDayOfMonth(5);
            LocalDate end = start.plusDays(plan.days());
            CampaignStatus status = end.isBefore(today) ? CampaignStatus.COMPLETED : CampaignStatus.ACTIVE;
            created.add(transactions.execute(tx -> campaigns.planCampaign(new CampaignDetails(plan.name(), plan.type(),
                    plan.channel(), status, start, end, null, BigDecimal.valueOf(plan.budget()),
                    BigDecimal.valueOf(plan.cost()), "CNY", null, true, null,
                    "我同意接收产品资讯，可随时退订。I agree to receive product news and can unsubscribe at any time."),
                    DEMO)));
        }
        return created;
    }

    private Instant within(CampaignSummary campaign, Instant now, Random random) {
        Instant start = campaign.startDate().atStartOfDay(zone).toInstant();
        Instant end = campaign.endDate().plusDays(14).atStartOfDay(zone).toInstant();
        if (end.isAfter(now)) {
            end = now.minusSeconds(60);
        }
        long span = Math.max(1, Duration.between(start, end).toSeconds());
        return start.plusSeconds((long) (random.nextDouble() * span));
    }

    private static String[] company(Random random) {
        if (random.nextInt(5) == 0) {
            return COMPANIES[12 + random.nextInt(COMPANIES.length - 12)];
        }
        int prefix = random.nextInt(CN_PREFIX.length);
        String[] business = CN_BUSINESS[random.nextInt(CN_BUSINESS.length)];
        return new String[] { CN_PREFIX[prefix] + business[0], CN_PREFIX_PINYIN[prefix] + "-" + business[2] + ".cn",
                business[1] };
    }

    private LeadData person(int i, CampaignSummary campaign, Instant at, Random random) {
        String[] company = company(random);
        boolean western = company[1].endsWith(".de") || company[1].endsWith(".ch") || company[1].endsWith(".uk")
                || company[1].endsWith("health.com");
        int surname = random.nextInt(SURNAMES.length);
        String name = western ? WESTERN_FIRST[random.nextInt(WESTERN_FIRST.length)] + " "
                + WESTERN_LAST[random.nextInt(WESTERN_LAST.length)]
                : SURNAMES[surname] + GIVEN[random.nextInt(GIVEN.length)]
                        + (random.nextInt(3) == 0 ? GIVEN[random.nextInt(GIVEN.length)] : "");
        String local = western ? name.toLowerCase().replace(' ', '.') : PINYIN_SURNAMES[surname] + (i % 997);
        boolean freeMail = !western && random.nextInt(5) == 0;
        String email = local + (i % 7 == 0 ? "" : String.valueOf(i)) + "@"
                + (freeMail ? FREE_MAIL[random.nextInt(FREE_MAIL.length)] : company[1]);
        String phone = western ? null : "13" + (random.nextInt(10)) + String.format("%08d", random.nextInt(100_000_000));
        Map<String, Object> custom = new LinkedHashMap<>();
        if (random.nextInt(3) == 0) {
            custom.put("budget_range", List.of("<10万", "10-50万", "50-200万", ">200万").get(random.nextInt(4)));
        }
        return LeadData.builder().name(name).email(random.nextInt(10) == 0 && phone != null ? null : email)
                .phone(phone).company(company[0]).title(TITLES[random.nextInt(TITLES.length)])
                .industry(company[2]).companySize(SIZES[random.nextInt(SIZES.length)])
                .province(western ? null : PROVINCES[random.nextInt(PROVINCES.length)])
                .country(western ? (company[1].endsWith(".uk") ? "United Kingdom" : company[1].endsWith(".com")
                        ? "United States" : "Germany") : "中国")
                .source(sourceOf(campaign.type())).campaignId(campaign.id()).capturedAt(at).custom(custom)
                .tags(random.nextInt(8) == 0 ? Set.of("VIP") : Set.of()).build();
    }

    private static String sourceOf(CampaignType type) {
        return switch (type) {
            case OFFLINE_EVENT -> "trade_show";
            case WEBINAR -> "webinar";
            case CONTENT -> "content";
            case PAID_DIGITAL -> "paid_search";
            case SOCIAL -> "wechat";
            case EMAIL -> "email";
            case REFERRAL -> "referral";
            case PARTNER -> "partner";
            case OTHER -> "other";
        };
    }

    private static MemberStatus statusFor(CampaignType type, Random random) {
        return switch (type) {
            case OFFLINE_EVENT, PARTNER -> random.nextInt(4) == 0 ? MemberStatus.NO_SHOW : MemberStatus.ATTENDED;
            case WEBINAR -> random.nextBoolean() ? MemberStatus.ATTENDED : MemberStatus.REGISTERED;
            case CONTENT -> MemberStatus.DOWNLOADED;
            case PAID_DIGITAL -> MemberStatus.CLICKED;
            case EMAIL -> MemberStatus.OPENED;
            default -> MemberStatus.RESPONDED;
        };
    }

    /** Activities after each lead's capture: mostly web visits, some emails, and touches of its own campaign. */
    private void recordActivities(List<Captured> captured, List<CampaignSummary> planned, Instant now,
            Random random) {
        List<NewActivity> batch = new ArrayList<>();
        CampaignSummary newsletter = planned.stream().filter(c -> c.type() == CampaignType.EMAIL).findFirst()
                .orElse(planned.get(0));
        String[] pages = { "/", "/product", "/pricing", "/cases/manufacturing", "/blog/ai-quality", "/contact" };
        for (Captured lead : captured) {
            int count = random.nextInt(10);
            long window = Math.max(60, Duration.between(lead.at(), now).toSeconds());
            for (int n = 0; n < count; n++) {
                Instant at = lead.at().plusSeconds((long) (random.nextDouble() * window));
                int dice = random.nextInt(10);
                ActivityType type;
                UUID campaignId = null;
                if (dice < 5) {
                    type = ActivityType.PAGE_VIEW;
                } else if (dice < 8) {
                    type = dice == 5 ? ActivityType.EMAIL_SENT : dice == 6 ? ActivityType.EMAIL_OPENED
                            : ActivityType.EMAIL_CLICKED;
                    campaignId = newsletter.id();
                } else if (dice == 8) {
                    type = ActivityType.CONTENT_DOWNLOADED;
                    campaignId = lead.campaignId();
                } else {
                    type = random.nextInt(4) == 0 ? ActivityType.DEMO_REQUESTED : ActivityType.FORM_SUBMITTED;
                    campaignId = lead.campaignId();
                }
                Map<String, Object> properties = type == ActivityType.PAGE_VIEW
                        ? Map.of("url", pages[random.nextInt(pages.length)]) : Map.of();
                batch.add(new NewActivity(null, type.name(), at, new PersonRef(lead.id(), null, null, null),
                        campaignId, properties));
            }
            if (batch.size() >= 2000) {
                flush(batch);
            }
        }
        flush(batch);
    }

    private record Captured(UUID id, Instant at, UUID campaignId) {
    }

    private void flush(List<NewActivity> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<NewActivity> items = List.copyOf(batch);
        Transactions.retryingOnConflict(transactions, () -> activities.record(items, DEMO, "demo"));
        batch.clear();
    }
}

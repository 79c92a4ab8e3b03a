package io.tandem.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Generated benchmark data: a lead list as marketing exports it, with the duplicates real lists have (one row in ten
 * repeats an earlier person's email, one in twenty an earlier mobile number).
 */
final class BenchData {

    static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡" };
    static final String[] GIVEN = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明" };
    static final String[] TITLES = { "IT总监", "采购经理", "运营总监", "工程师", "总经理", "CTO", "Head of IT" };
    static final String[] PROVINCES = { "北京", "上海", "广东", "浙江", "江苏", "四川", "湖北", "山东" };
    static final String[] SOURCES = { "trade_show", "webinar", "content", "paid_search", "wechat", "referral" };

    /** {@code -Dbench.duplicates=false} writes a file of distinct people only: the ceiling without merges. */
    static final boolean DUPLICATES = Boolean.parseBoolean(System.getProperty("bench.duplicates", "true"));

    private BenchData() {
    }

    static String email(int row) {
        return email(row, "company");
    }

    private static String email(int row, String domain) {
        return "person" + row + "@" + domain + (row % 20_000) + ".cn";
    }

    /**
     * The email of a person the file holds, near row {@code row}: rows that repeat an earlier person (every tenth, and
     * every twentieth from the fifth) hold no email of their own, so their neighbour's is taken.
     */
    static String knownEmail(int row) {
        boolean repeats = DUPLICATES && row > 100 && (row % 10 == 0 || row % 20 == 5);
        return email(repeats ? row - 1 : row);
    }

    static String mobile(int row) {
        return "139" + String.format("%08d", row);
    }

    /** @return the number of distinct people in the file */
    static int writeLeadCsv(Path file, int rows) throws IOException {
        return writeLeadCsv(file, rows, 0, "公司", "company");
    }

    /**
     * A file like {@link #writeLeadCsv(Path, int)} of other people at other companies: people numbered from
     * {@code firstPerson}, companies named with {@code company} and their email domains with {@code domain}.
     */
    static int writeLeadCsv(Path file, int rows, int firstPerson, String company, String domain) throws IOException {
        Random random = new Random(42);
        int people = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("姓名,邮箱,手机,公司,职位,省份,来源\n");
            for (int row = 0; row < rows; row++) {
                String email;
                String phone;
                if (DUPLICATES && row > 100 && row % 10 == 0) {
                    int earlier = random.nextInt(row);
                    email = email(firstPerson + earlier, domain);
                    phone = "";
                } else if (DUPLICATES && row > 100 && row % 20 == 5) {
                    int earlier = random.nextInt(row);
                    email = "";
                    phone = mobile(firstPerson + earlier);
                } else {
                    email = email(firstPerson + row, domain);
                    phone = mobile(firstPerson + row);
                    people++;
                }
                out.write(SURNAMES[random.nextInt(SURNAMES.length)]);
                out.write(GIVEN[random.nextInt(GIVEN.length)]);
                out.write(',');
                out.write(email);
                out.write(',');
                out.write(phone);
                out.write(',');
                out.write(company);
                out.write(String.valueOf(row % 20_000));
                out.write("有限公司,");
                out.write(TITLES[random.nextInt(TITLES.length)]);
                out.write(',');
                out.write(PROVINCES[random.nextInt(PROVINCES.length)]);
                out.write(',');
                out.write(SOURCES[random.nextInt(SOURCES.length)]);
                out.write('\n');
            }
        }
        return people;
    }
}

package io.tandem.scoring;

import java.util.Set;

/**
 * @param gradeA fit points for grade A (and so on for B and C; below C is D)
 * @param mqlMinGrade the weakest grade that can become an MQL by engagement
 * @param handRaisers activity types that make a lead an MQL at once
 */
public record ScoringSettings(int halfLifeDays, int gradeA, int gradeB, int gradeC, String mqlMinGrade,
        int mqlMinEngagement, Set<String> handRaisers, int rulesetVersion) {

    public String grade(int fitPoints) {
        if (fitPoints >= gradeA) {
            return "A";
        }
        if (fitPoints >= gradeB) {
            return "B";
        }
        return fitPoints >= gradeC ? "C" : "D";
    }

    /** A is the best grade: "at least B" means A or B. */
    public boolean gradeQualifies(String grade) {
        return grade.compareTo(mqlMinGrade) <= 0;
    }
}

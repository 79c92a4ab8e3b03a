package io.tandem.lead;

/** Whether an email domain belongs to a free-mail provider (qq.com, 163.com, gmail.com …) rather than a company. */
public final class FreeMail {

    private FreeMail() {
    }

    public static boolean isFreeMail(String domain) {
        return domain != null && !io.tandem.lead.internal.EmailAddressesAccess.isCorporate(domain);
    }
}

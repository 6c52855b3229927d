namespace GobiernoAbierto.Hosting;

/// <summary>Who may do what (README, "Roles y credenciales").</summary>
public static class Roles
{
    /// <summary>Municipal staff: prepare, open and close a Jornada, publish the chosen project.</summary>
    public const string Staff = "staff";

    /// <summary>IEEQ electoral auditor: reads the live tally and the export, certifies the sealed tally.</summary>
    public const string Auditor = "auditor";

    /// <summary>A kiosk's device: its credential is the one it got by opening its configuration link (KioskActivated).</summary>
    public const string Kiosk = "kiosk";

    /// <summary>A kiosk's configuration link (its token, issued when staff register the kiosk): may only say which kiosk it is and configure it, once.</summary>
    public const string KioskSetup = "kiosk_setup";

    /// <summary>
    /// The credential authority (IEEQ or a notary, never the staff who run the Jornada): issues the online voting codes
    /// and receives, once, the letters that carry them.
    /// </summary>
    public const string CredentialAuthority = "credenciales";

    /// <summary>The Open Government Committee's Secretaría Técnica: records ordinary sessions, minutes and agreements.</summary>
    public const string Committee = "committee";

    /// <summary>A person who manages the consoles' personal accounts (creates, disables, reissues activation), and nothing else.</summary>
    public const string Administrator = "admin";

    /// <summary>A metrics scraper (Prometheus): may read /metrics and nothing else.</summary>
    public const string Metrics = "metrics";

    public const string StaffOrAuditor = Staff + "," + Auditor;
    public const string StaffOrMetrics = Staff + "," + Metrics;
}

namespace GobiernoAbierto.Hosting;

/// <summary>Who may do what (README, "Roles y credenciales").</summary>
public static class Roles
{
    /// <summary>Municipal staff: prepare, open and close a Jornada, publish the chosen project.</summary>
    public const string Staff = "staff";

    /// <summary>IEEQ electoral auditor: reads the live tally and the export, certifies the sealed tally.</summary>
    public const string Auditor = "auditor";

    /// <summary>A registered kiosk device; its credential is issued when staff register it.</summary>
    public const string Kiosk = "kiosk";

    /// <summary>The online voting channel (the citizen portal a resident signs in to).</summary>
    public const string Voter = "voter";

    /// <summary>The Open Government Committee's Secretaría Técnica: records ordinary sessions, minutes and agreements.</summary>
    public const string Committee = "committee";

    /// <summary>A metrics scraper (Prometheus): may read /metrics and nothing else.</summary>
    public const string Metrics = "metrics";

    public const string StaffOrAuditor = Staff + "," + Auditor;
    public const string KioskOrVoter = Kiosk + "," + Voter;
    public const string StaffOrMetrics = Staff + "," + Metrics;
}

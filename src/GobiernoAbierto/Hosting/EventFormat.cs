using Weasel.Core;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// How events are stored: one definition for the service and for `verify --database`, which reads the same store from
/// outside the service and must decode every event exactly as the service wrote it.
/// </summary>
public static class EventFormat
{
    public static void Apply(StoreOptions opts, string connectionString, string schema)
    {
        opts.Connection(connectionString);
        opts.DatabaseSchemaName = schema;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);
        // Ballot secrecy: none of the optional event metadata is stored (README, "Secreto del voto").
        opts.Events.MetadataConfig.CorrelationIdEnabled = false;
        opts.Events.MetadataConfig.CausationIdEnabled = false;
        opts.Events.MetadataConfig.HeadersEnabled = false;
        opts.Events.MetadataConfig.UserNameEnabled = false;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// A date and time in a request's body says its offset: «2026-12-20T09:00:00-06:00» (Querétaro) or «…T15:00:00Z». One
/// without it was read as UTC, so a client sending Querétaro's time got a window six hours early; it is refused as a
/// value of the wrong type, named with its field (WrongJsonType), and nothing is written.
/// </summary>
public sealed partial class DatesWithOffset : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // A JsonException without a message: System.Text.Json words it with the field's path, as for any wrong type.
        if (reader.TokenType != JsonTokenType.String || !WithOffset().IsMatch(reader.GetString()!) || !reader.TryGetDateTimeOffset(out var value))
            throw new JsonException();
        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WithOffset();
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// A choice from a fixed list travels as one of its names. JsonStringEnumConverter alone also reads «Virtual, InPerson»
/// as a combination of flags, which for a list of plain values is one of its names (0 | 1 is the second): a value that
/// is not in the list was accepted as if it were. Numbers are refused too (allowIntegerValues: false).
/// </summary>
public sealed class EnumNamesConverter : JsonConverterFactory
{
    private static readonly JsonStringEnumConverter Names = new(allowIntegerValues: false);

    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OneName<>).MakeGenericType(typeToConvert), Names.CreateConverter(typeToConvert, options))!;

    private sealed class OneName<T>(JsonConverter names) : JsonConverter<T> where T : struct, Enum
    {
        private readonly JsonConverter<T> _names = (JsonConverter<T>)names;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Check(ref reader);
            return _names.Read(ref reader, typeToConvert, options);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => _names.Write(writer, value, options);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Check(ref reader);
            return _names.ReadAsPropertyName(ref reader, typeToConvert, options);
        }

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            _names.WriteAsPropertyName(writer, value, options);

        private static void Check(ref Utf8JsonReader reader)
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) return;
            var comma = reader.ValueIsEscaped ? reader.GetString()!.Contains(',') : reader.ValueSpan.IndexOf((byte)',') >= 0;
            // Without a message System.Text.Json writes its own, with the value's path, from which the problem names the
            // field and its names (WrongJsonType), as for any other value that is not one of them.
            if (comma) throw new JsonException();
        }
    }
}

package io.tandem.shared.db;

import java.sql.SQLException;
import java.util.List;

import org.postgresql.util.PGobject;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.jdbc.repository.config.AbstractJdbcConfiguration;

import io.tandem.shared.Jsonb;

@Configuration(proxyBeanMethods = false)
class JdbcConfiguration extends AbstractJdbcConfiguration {

    @Override
    protected List<?> userConverters() {
        return List.of(new JsonbWriter(), new JsonbReader());
    }

    @WritingConverter
    static final class JsonbWriter implements Converter<Jsonb, PGobject> {
        @Override
        public PGobject convert(Jsonb source) {
            PGobject object = new PGobject();
            object.setType("jsonb");
            try {
                object.setValue(source.json());
            } catch (SQLException e) {
                throw new IllegalArgumentException(e);
            }
            return object;
        }
    }

    @ReadingConverter
    static final class JsonbReader implements Converter<PGobject, Jsonb> {
        @Override
        public Jsonb convert(PGobject source) {
            return new Jsonb(source.getValue());
        }
    }
}

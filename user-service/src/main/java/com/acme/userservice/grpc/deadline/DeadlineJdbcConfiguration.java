package com.acme.userservice.grpc.deadline;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.autoconfigure.JdbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Replaces Spring Boot's JdbcTemplate (and so the JdbcClient built on it) with
 * {@link DeadlineJdbcTemplate}, configured from {@code spring.jdbc.template.*} as Boot's
 * would be.
 */
@Configuration(proxyBeanMethods = false)
class DeadlineJdbcConfiguration {

	@Bean
	JdbcTemplate jdbcTemplate(DataSource dataSource, JdbcProperties properties,
			ObjectProvider<SQLExceptionTranslator> translator) {
		DeadlineJdbcTemplate template = new DeadlineJdbcTemplate();
		template.setDataSource(dataSource);
		JdbcProperties.Template settings = properties.getTemplate();
		template.setIgnoreWarnings(settings.isIgnoreWarnings());
		template.setFetchSize(settings.getFetchSize());
		template.setMaxRows(settings.getMaxRows());
		if (settings.getQueryTimeout() != null) {
			template.setQueryTimeout((int) settings.getQueryTimeout().toSeconds());
		}
		template.setSkipResultsProcessing(settings.isSkipResultsProcessing());
		template.setSkipUndeclaredResults(settings.isSkipUndeclaredResults());
		template.setResultsMapCaseInsensitive(settings.isResultsMapCaseInsensitive());
		translator.ifUnique(template::setExceptionTranslator);
		template.afterPropertiesSet();
		return template;
	}

}

package com.acme.grpc.deadline;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Deadlines beyond gRPC's own reach: a call's deadline bounds the JDBC statements it runs
 * ({@link DeadlineJdbcTemplate}), and the call's Context crosses executor hops
 * ({@link ContextPropagatingTaskDecorator}).
 */
// By name: JDBC is optional, and a service without it must still load this class.
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		beforeName = "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration")
public class DeadlineAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(TaskDecorator.class)
	ContextPropagatingTaskDecorator contextPropagatingTaskDecorator() {
		return new ContextPropagatingTaskDecorator();
	}

	/**
	 * Spring Boot's JdbcTemplate (and so the JdbcClient built on it), configured from
	 * {@code spring.jdbc.template.*} as Boot's own would be, as a
	 * {@link DeadlineJdbcTemplate}. Boot's backs off when this exists.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcTemplate.class, DataSource.class })
	@ConditionalOnSingleCandidate(DataSource.class)
	@EnableConfigurationProperties(JdbcProperties.class)
	static class DeadlineJdbcConfiguration {

		@Bean
		@ConditionalOnMissingBean(JdbcTemplate.class)
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

}

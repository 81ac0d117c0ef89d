package dev.flashsale.catalog;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

interface SaleRepository extends ReactiveCrudRepository<Sale, Long> {
}

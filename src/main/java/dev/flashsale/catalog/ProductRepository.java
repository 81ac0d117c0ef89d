package dev.flashsale.catalog;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

interface ProductRepository extends ReactiveCrudRepository<Product, Long> {
}
